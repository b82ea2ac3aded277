#!/usr/bin/env node
// The production HTTP server (what `npm start` runs after building): Next.js's own request
// handler behind a node:http server, as Next's custom-server guide describes, for one reason —
// relaying the pre-compressed configuration body's Content-Encoding (see encoding-relay.mjs).
// Everything else is Next's: routing, rendering, static files.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { relayEncoding } from "./encoding-relay.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? "3000");
const hostname = process.env.HOST ?? "0.0.0.0";

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  relayEncoding(req, res);
  void handle(req, res);
});
// Authorizers and browsers keep connections open: outlive a typical load balancer's idle timeout.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, hostname, () => console.log(`[gatehouse] listening on http://${hostname}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
