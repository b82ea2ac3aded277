import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import * as configurationRoute from "@/app/api/system/default/gateways/configuration/route";
import * as introspectRoute from "@/app/api/system/default/gateways/introspect/route";
import * as requestsRoute from "@/app/api/system/default/gateways/requests/route";
import * as jwksRoute from "@/app/default/system/.well-known/jwks.json/route";
import * as discoveryRoute from "@/app/default/system/.well-known/openid-configuration/route";
import * as oauthIntrospectRoute from "@/app/default/system/oauth2/introspect/route";
import * as tokenRoute from "@/app/default/system/oauth2/token/route";
import { RELAY_REQUEST_HEADER, RELAY_RESPONSE_HEADER } from "@/lib/api/encoding-relay";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";


/**
 * The console's real system-facing routes (the `system` issuer and the system API) served over
 * HTTP by a plain node:http server, for integration tests of the authorizer: a real client over
 * real sockets against the real route handlers and the test's database. Next.js is not involved
 * — each IncomingMessage becomes a web Request for the route module's handler.
 *
 * It sets GATEHOUSE_BASE_URL to its own address, so issuer URLs, audiences and the configuration
 * name this server. `down = true` drops every connection (the platform is unreachable).
 */
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

const ROUTES: Record<string, Handler> = {
  "GET /default/system/.well-known/openid-configuration": discoveryRoute.GET,
  "GET /default/system/.well-known/jwks.json": jwksRoute.GET,
  "POST /default/system/oauth2/token": tokenRoute.POST,
  "POST /default/system/oauth2/introspect": oauthIntrospectRoute.POST,
  "GET /api/system/default/gateways/configuration": configurationRoute.GET,
  "POST /api/system/default/gateways/configuration": configurationRoute.POST,
  "POST /api/system/default/gateways/requests": requestsRoute.POST,
  "POST /api/system/default/gateways/introspect": introspectRoute.POST,
};

export interface ConsoleServer {
  base: string;
  /** The `system` issuer: what ACP_ISSUER_URL is set to. */
  issuerUrl: string;
  down: boolean;
  /** `METHOD path` of every request served, in order. */
  log: string[];
  close(): Promise<void>;
}

/** The body is streamed, as Next.js does: a handler reads only what it takes, the rest stays on the socket. */
function toRequest(req: http.IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [v]) headers.append(k, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req), duplex: "half" } : {}),
  } as RequestInit);
}

export interface ConsoleServerOptions {
  /** More `METHOD path` routes to serve (health, admin routes). */
  routes?: Record<string, Handler>;
  /** Migrate before serving (default); false serves at once, as a console started without its database does. */
  migrateFirst?: boolean;
  /**
   * The console's public URL as its issuer and audiences name it, when several servers act as one
   * console (several instances behind one address); default: this server's own.
   */
  publicUrl?: string;
}

export async function startConsoleServer(options: ConsoleServerOptions = {}): Promise<ConsoleServer> {
  if (options.migrateFirst ?? true) await getDb(); // migrate before the first request
  const routes = { ...ROUTES, ...options.routes };
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.GATEHOUSE_BASE_URL = options.publicUrl ?? base;
  resetEnvCache();
  const state: ConsoleServer = {
    base,
    issuerUrl: `${base}/default/system`,
    down: false,
    log: [],
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  server.on("request", (req, res) => {
    if (state.down) {
      req.socket.destroy();
      return;
    }
    void (async () => {
      const path = new URL(req.url ?? "/", base).pathname;
      const key = `${req.method} ${path}`;
      state.log.push(key);
      const handler = routes[key];
      if (!handler) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "not_found", message: key } }));
        return;
      }
      try {
        // Like the production server (scripts/serve.mjs), which relays a route's Content-Encoding.
        req.headers[RELAY_REQUEST_HEADER] = "1";
        const answer = await handler(toRequest(req, base), { params: Promise.resolve({}) });
        const headers: Record<string, string> = {};
        answer.headers.forEach((v, k) => (k === RELAY_RESPONSE_HEADER ? undefined : (headers[k] = v)));
        res.writeHead(answer.status, headers);
        res.end(Buffer.from(await answer.arrayBuffer()));
      } catch (err) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(err instanceof Error ? err.message : String(err));
      }
    })();
  });
  return state;
}
