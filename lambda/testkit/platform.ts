import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { JWK } from "jose";
import type { ConfigurationSettings, GatewayConfiguration } from "../../protocol/configuration";

/**
 * Test-only stand-in for the platform, speaking the gateway protocol's shapes over real HTTP:
 * discovery, client_credentials token, configuration (ETag / 304), pushes, introspection — and,
 * under `/issuer`, the JWKS of an end-user token issuer. Unit tests, the fuzz test and the
 * benchmark use it; the integration test (lambda/authorizer.int.test.ts) runs the console's real
 * routes instead.
 */
export interface FakePlatform {
  base: string;
  issuerUrl: string;
  /** Trusted issuer of end-user tokens served here (`${base}/issuer`, JWKS at `/issuer/jwks`). */
  userIssuer: string;
  clientId: string;
  clientSecret: string;
  configuration: Record<string, unknown>;
  jwks: { keys: JWK[] };
  /** While true, every connection is dropped (the platform is unreachable). */
  down: boolean;
  /** Delay before answering configuration requests (ms). */
  configDelayMs: number;
  /** Delay before answering every request (ms): a platform this far away. */
  delayMs: number;
  /** Replaces the discovery document (null: the platform's own). */
  discovery: Record<string, unknown> | null;
  /** When set, the token endpoint answers this status (e.g. 404: not here). */
  tokenStatus: number | null;
  /** Every request received: its route and when it arrived and was answered (performance.now()). */
  log: { route: string; start: number; end: number }[];
  introspection: Map<string, Record<string, unknown>>;
  calls: { token: number; configuration: number; notModified: number; jwks: number; introspect: number; groups: unknown[]; events: unknown[] };
  close(): Promise<void>;
}

const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakePlatform(init: { configuration?: Record<string, unknown>; jwks?: JWK[] } = {}): Promise<FakePlatform> {
  const tokens = new Set<string>();
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const p: FakePlatform = {
    base,
    issuerUrl: `${base}/default/system`,
    userIssuer: `${base}/issuer`,
    clientId: "gw-client",
    clientSecret: "gw-secret-" + randomBytes(8).toString("hex"),
    configuration: init.configuration ?? {},
    jwks: { keys: init.jwks ?? [] },
    down: false,
    configDelayMs: 0,
    delayMs: 0,
    discovery: null,
    tokenStatus: null,
    log: [],
    introspection: new Map(),
    calls: { token: 0, configuration: 0, notModified: 0, jwks: 0, introspect: 0, groups: [], events: [] },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  const authorized = (req: http.IncomingMessage) => tokens.has((req.headers.authorization ?? "").replace(/^Bearer /, ""));

  server.on("request", (req, res) => {
    void (async () => {
      if (p.down) {
        req.socket.destroy();
        return;
      }
      const url = new URL(req.url ?? "/", base);
      const route = `${req.method} ${url.pathname}`;
      const entry = { route, start: performance.now(), end: Number.NaN };
      p.log.push(entry);
      res.on("finish", () => (entry.end = performance.now()));
      if (p.delayMs > 0) await new Promise((r) => setTimeout(r, p.delayMs));
      const body = req.method === "POST" ? await readBody(req) : "";
      switch (route) {
        case "GET /default/system/.well-known/openid-configuration":
          return json(res, 200, p.discovery ?? { issuer: p.issuerUrl, token_endpoint: `${p.issuerUrl}/oauth2/token`, jwks_uri: `${p.issuerUrl}/.well-known/jwks.json` });
        case "POST /default/system/oauth2/token": {
          if (p.tokenStatus !== null) return json(res, p.tokenStatus, { error: "not_here" });
          const form = new URLSearchParams(body);
          if (form.get("grant_type") !== "client_credentials" || form.get("client_id") !== p.clientId || form.get("client_secret") !== p.clientSecret) {
            return json(res, 401, { error: "invalid_client" });
          }
          p.calls.token++;
          const token = randomBytes(16).toString("hex");
          tokens.add(token);
          return json(res, 200, { access_token: token, token_type: "bearer", expires_in: 300, scope: "" });
        }
        case "GET /api/system/default/gateways/configuration": {
          if (!authorized(req)) return json(res, 401, { error: { code: "invalid_token", message: "no" } });
          p.calls.configuration++;
          if (p.configDelayMs > 0) await new Promise((r) => setTimeout(r, p.configDelayMs));
          const text = JSON.stringify(p.configuration);
          const etag = `"${createHash("sha256").update(text).digest("base64url")}"`;
          if (req.headers["if-none-match"] === etag) {
            p.calls.notModified++;
            res.writeHead(304, { etag });
            return res.end();
          }
          res.writeHead(200, { "content-type": "application/json", etag });
          return res.end(text);
        }
        case "POST /api/system/default/gateways/configuration":
          if (!authorized(req)) return json(res, 401, { error: { code: "invalid_token", message: "no" } });
          p.calls.groups.push(JSON.parse(body));
          return json(res, 200, { number_of_added_api_groups: 0 });
        case "POST /api/system/default/gateways/requests":
          if (!authorized(req)) return json(res, 401, { error: { code: "invalid_token", message: "no" } });
          p.calls.events.push(...(JSON.parse(body) as { events: unknown[] }).events);
          return json(res, 200, { number_of_pushed_events: 0 });
        case "POST /api/system/default/gateways/introspect": {
          if (!authorized(req)) return json(res, 401, { error: { code: "invalid_token", message: "no" } });
          p.calls.introspect++;
          const token = new URLSearchParams(body).get("token") ?? "";
          return json(res, 200, p.introspection.get(token) ?? { active: false });
        }
        case "GET /issuer/jwks":
          p.calls.jwks++;
          return json(res, 200, p.jwks);
        default:
          return json(res, 404, { error: { code: "not_found", message: route } });
      }
    })();
  });
  return p;
}

/** A configuration in the protocol's shape: one bound group (`restApiId`/`stage`) with these APIs. */
export function configurationOf(opts: {
  restApiId: string;
  stage: string;
  apis: { id: string; method: string; path: string; policy_id?: string; shadow_policy_id?: string }[];
  policies: { id: string; policy_name?: string; validators: unknown[] }[];
  issuers: { issuer: string; jwks_uri: string; audiences?: string[]; introspection_endpoint?: string }[];
  settings?: ConfigurationSettings;
  eventsPerSecond?: number;
}): Record<string, unknown> {
  // Typed as what the console serves, then handed out as a plain record tests may reshape.
  const doc: GatewayConfiguration = {
    tenant_id: "default",
    server_id: "system",
    issuer_url: opts.issuers[0]?.issuer ?? "",
    jwks_url: opts.issuers[0]?.jwks_uri ?? "",
    apis: opts.apis.map((a, position) => ({ ...a, service_id: "svc-1", api_type: "rest", position })),
    policies: opts.policies.map((p) => ({ type: "api", language: "cloudentity", policy_name: p.id, ...p })),
    services: [
      {
        id: "svc-1",
        name: "Pets",
        description: "",
        gateway_id: "gw-1",
        api_group_id: `${opts.restApiId}-${opts.stage}`,
        api_group_metadata: { type: "aws", aws: { api_id: opts.restApiId, api_name: "Pets", stage: opts.stage } },
      },
    ],
    events_per_second: opts.eventsPerSecond ?? 10,
    trusted_issuers: opts.issuers.map((i) => ({ audiences: [], ...i })),
    settings: opts.settings ?? {},
  };
  return { ...doc };
}

/**
 * How many requests of `log` had to happen one after the other: 1 + the depth of the deepest
 * request answered before this one arrived, over all requests (concurrent ones do not add up).
 */
export function sequentialDepth(log: readonly { start: number; end: number }[]): number {
  const sorted = [...log].sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  let max = 0;
  sorted.forEach((r, i) => {
    let d = 1;
    for (let j = 0; j < i; j++) if (sorted[j]!.end <= r.start) d = Math.max(d, depth[j]! + 1);
    depth.push(d);
    max = Math.max(max, d);
  });
  return max;
}
