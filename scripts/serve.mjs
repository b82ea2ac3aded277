#!/usr/bin/env node
// Serves the built console (what `npm start` runs after building): Next's own request handler
// behind a node:http server, as Next's custom-server guide describes, rather than `next start`,
// for two things a route handler cannot do by itself:
// - see the TCP peer's address: Next copies a client-sent X-Forwarded-For through unchanged. This
//   server puts the socket's address in `x-gatehouse-peer` (replacing any value the client sent),
//   so the console can tell sources apart without trusting forwarded headers; lib/api/forwarded.ts
//   decides which of the two it uses (GATEHOUSE_TRUST_FORWARDED_HEADERS, validated in lib/env.ts);
// - send a pre-compressed body: Next drops a route's Content-Encoding (encoding-relay.mjs).
// Everything else is Next's: routing, rendering, static files.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { relayEncoding } from "./encoding-relay.mjs";

const PEER_HEADER = "x-gatehouse-peer";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? "3000");
const hostname = process.env.HOST ?? "0.0.0.0";

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "unknown";
  relayEncoding(req, res);
  void handle(req, res);
});
// Authorizers and browsers keep connections open: outlive a typical load balancer's idle timeout.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, hostname, () => console.log(`[gatehouse] listening on ${hostname}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
