import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsoleServer, type ConsoleServer } from "@/test/console-server";

/**
 * Issue 13, item 2 over real sockets: a 64 MiB chunked upload without credentials to the token
 * and introspection endpoints is answered 413 while the client is still sending — the console
 * stops reading at 16 KiB instead of buffering the upload first.
 */
const MiB = 1024 * 1024;
let server: ConsoleServer;

beforeAll(async () => {
  server = await startConsoleServer();
});
afterAll(async () => {
  await server.close();
});

/** Sends up to `total` bytes chunked; resolves with the answer and how much had been sent by then. */
function chunkedUpload(url: string, total: number): Promise<{ status: number; body: string; sentWhenAnswered: number; heapGrowth: number }> {
  const heapBefore = process.memoryUsage();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" } });
    req.on("response", (res) => {
      answered = true;
      const sentWhenAnswered = sent;
      const memory = process.memoryUsage();
      const heapGrowth = memory.heapUsed + memory.arrayBuffers - (heapBefore.heapUsed + heapBefore.arrayBuffers);
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered, heapGrowth });
      });
    });
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("uploads over HTTP", () => {
  it.each(["/default/system/oauth2/token", "/default/system/oauth2/introspect"])("%s answers 413 to 64 MiB chunked before the upload ends", async (path) => {
    const res = await chunkedUpload(`${server.base}${path}`, 64 * MiB);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: "invalid_request", error_description: "The request body is larger than 16 KiB." });
    expect(res.sentWhenAnswered).toBeLessThan(16 * MiB);
    expect(res.heapGrowth).toBeLessThan(16 * MiB);
  });
});
