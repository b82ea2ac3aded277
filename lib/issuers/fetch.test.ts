import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchJson } from "./fetch";

/** A hostile or broken identity provider answering 64 MiB, chunked: the console reads 1 MB of it. */
const MiB = 1024 * 1024;
let server: http.Server;
let base: string;
let written = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    written = 0;
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(64 * 1024, " ");
    const pump = () => {
      while (!res.destroyed && written < 64 * MiB) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end();
    };
    res.write("[");
    pump();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("fetchJson", () => {
  it("stops reading a chunked answer at 1 MB", async () => {
    await expect(fetchJson(`${base}/introspect`)).rejects.toThrow(/answered more than 1 MB/);
    expect(written).toBeLessThan(16 * MiB);
  });
});
