import { readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "./client";

const tls = (f: string) => readFileSync(path.join(import.meta.dirname, "..", "fixtures", "tls", f), "utf8");
let server: https.Server;
let base: string;

beforeAll(async () => {
  server = https.createServer({ key: tls("server.key"), cert: tls("server.pem") }, (req, res) => {
    if (req.url === "/slow") return setTimeout(() => res.end("{}"), 500);
    if (req.url === "/gzip") {
      res.writeHead(200, { "content-encoding": "gzip", "content-type": "application/json" });
      return res.end(gzipSync(JSON.stringify({ zipped: true })));
    }
    if (req.url === "/big") return res.end("x".repeat(10_000));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("HttpClient TLS settings", () => {
  it("refuses a certificate of an unknown CA by default", async () => {
    const c = new HttpClient();
    await expect(c.json({ method: "GET", url: `${base}/`, timeoutMs: 2000 })).rejects.toMatchObject({ name: "PlatformError", status: 0 });
    c.destroy();
  });

  it("trusts HTTP_CLIENT_ROOT_CA in addition to the system roots", async () => {
    const c = new HttpClient({ rootCa: tls("ca.pem") });
    expect((await c.json({ method: "GET", url: `${base}/`, timeoutMs: 2000 })).data).toEqual({ ok: true });
    c.destroy();
  });

  it("skips verification with HTTP_CLIENT_INSECURE_SKIP_VERIFY", async () => {
    const c = new HttpClient({ insecureSkipVerify: true });
    expect((await c.json({ method: "GET", url: `${base}/`, timeoutMs: 2000 })).data).toEqual({ ok: true });
    c.destroy();
  });

  it("enforces the deadline and the size limit, and decodes gzip", async () => {
    const c = new HttpClient({ insecureSkipVerify: true });
    await expect(c.request({ method: "GET", url: `${base}/slow`, timeoutMs: 100 })).rejects.toThrow(/did not answer within 100 ms/);
    await expect(c.request({ method: "GET", url: `${base}/big`, timeoutMs: 2000, maxBytes: 1000 })).rejects.toThrow(/more than 1000 bytes/);
    expect((await c.json({ method: "GET", url: `${base}/gzip`, timeoutMs: 2000 })).data).toEqual({ zipped: true });
    c.destroy();
  });
});
