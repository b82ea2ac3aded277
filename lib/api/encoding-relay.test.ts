import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM script of the production server, no type declarations
import { relayEncoding, REQUEST_HEADER, RESPONSE_HEADER } from "../../scripts/encoding-relay.mjs";
import { RELAY_REQUEST_HEADER, RELAY_RESPONSE_HEADER } from "./encoding-relay";

/** The production server's relay over a real socket, with a handler that behaves as Next's sendResponse. */
describe("encoding relay (scripts/encoding-relay.mjs)", () => {
  it("names the same headers as the routes use", () => {
    expect([REQUEST_HEADER, RESPONSE_HEADER]).toEqual([RELAY_REQUEST_HEADER, RELAY_RESPONSE_HEADER]);
  });

  it("marks requests (a client's own mark replaced) and turns the route's header into Content-Encoding", async () => {
    const body = gzipSync('{"apis":[]}');
    const seen: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      (relayEncoding as (req: http.IncomingMessage, res: http.ServerResponse) => void)(req, res);
      seen.push(req.headers[RELAY_REQUEST_HEADER] as string | undefined);
      // Next copies every header but content-encoding with appendHeader, then writes the body.
      res.appendHeader("content-type", "application/json");
      res.appendHeader(RELAY_RESPONSE_HEADER, req.url === "/bogus" ? "br;evil" : "gzip");
      res.statusCode = 200;
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const res = await fetch(`${base}/`, { headers: { [RELAY_REQUEST_HEADER]: "forged" } });
      expect(res.headers.get("content-encoding")).toBe("gzip");
      expect(res.headers.get(RELAY_RESPONSE_HEADER)).toBeNull();
      expect(await res.text()).toBe('{"apis":[]}'); // fetch decoded it: the framing is right
      expect(seen).toEqual(["1"]);
      const bogus = await fetch(`${base}/bogus`, { headers: { "accept-encoding": "identity" } });
      expect(bogus.headers.get("content-encoding")).toBeNull();
      expect(gunzipSync(Buffer.from(await bogus.arrayBuffer())).toString()).toBe('{"apis":[]}');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
