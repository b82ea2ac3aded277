import "server-only";
import { safeParse, type core } from "zod";
import { getDb, type Db } from "../db/client";
import type { Gateway, GATEWAY_SCOPES, OAuthClient } from "../db/schema";
import { touchGateway } from "../gateways/activity";
import { gatewayCalls, takeGatewayLimit } from "../gateways/system-limits";
import { systemQuerySchema } from "../gateways/system-schemas";
import { withRequestLog } from "../log";
import { gatewayOfToken } from "../oauth/token-client";
import { scopesOf, verifyAccessToken, type AccessTokenClaims } from "../oauth/tokens";
import { ApiError, fieldIssues, unprocessable } from "./errors";
import type { RateLimiter } from "./rate-limit";
import { handleError, readJsonBody, type RouteHandler } from "./route";

/**
 * Routes of the system API (`/api/system/{tenant}/gateways/…`), called by authorizers with an
 * access token of their gateway's client. The gateway is the one of the token's `client_id`:
 * no path or body names it, so a token of gateway A can only ever read or write A.
 * Failures: 401 `invalid_token` / 403 `insufficient_scope` with an RFC 6750 WWW-Authenticate
 * header; the body keeps the console's error shape `{error: {code, message}}`.
 */
export type GatewayScope = (typeof GATEWAY_SCOPES)[number];

export interface SystemInput<TBody> {
  req: Request;
  db: Db;
  gateway: Gateway;
  client: OAuthClient;
  claims: AccessTokenClaims;
  body: TBody;
  authorizerVersion: string | undefined;
  /** The reload interval the calling authorizer runs with (`?reload_interval_ms=`, on configuration fetches). */
  reloadIntervalMs: number | undefined;
}

interface SystemRouteOptions<TBody> {
  scope: GatewayScope;
  /** Classic or mini zod (the protocol's validators are zod/mini, protocol/). */
  body?: core.$ZodType<TBody>;
  /** A limit of this route per gateway (beside the one of every system call, system-limits.ts). */
  limit?: { limiter: RateLimiter; what: string };
}

const REALM = 'realm="gatehouse"';
const MAX_BODY_BYTES = 10 * 1024 * 1024;

function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, "")}"`;
}

function invalidToken(message: string, presented: boolean): ApiError {
  const challenge = presented ? `Bearer ${REALM}, error="invalid_token", error_description=${quoted(message)}` : `Bearer ${REALM}`;
  return new ApiError("invalid_token", message, { headers: { "WWW-Authenticate": challenge } });
}

function insufficientScope(scope: GatewayScope): ApiError {
  const message = `The access token lacks the scope ${scope}.`;
  return new ApiError("insufficient_scope", message, {
    headers: { "WWW-Authenticate": `Bearer ${REALM}, error="insufficient_scope", error_description=${quoted(message)}, scope="${scope}"` },
  });
}

function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header.trim());
  if (!match) throw invalidToken("The Authorization header is not a Bearer token.", true);
  return match[1]!;
}

export function systemRoute<TBody = undefined>(
  options: SystemRouteOptions<TBody>,
  handler: (input: SystemInput<TBody>) => Promise<Response>,
): RouteHandler {
  const handle = async (req: Request): Promise<Response> => {
    try {
      const token = bearerToken(req);
      if (!token) throw invalidToken("An access token of the gateway's client is required (Authorization: Bearer …).", false);
      const db = await getDb();
      const verified = await verifyAccessToken(db, token);
      if (!verified.ok) throw invalidToken(verified.reason, true);
      const owner = await gatewayOfToken(db, verified.claims);
      if (!owner) throw invalidToken("The token's client no longer exists, or its secret was rotated after the token was issued.", true);
      if (!scopesOf(verified.claims).includes(options.scope)) throw insufficientScope(options.scope);
      takeGatewayLimit(gatewayCalls, owner.gateway.id, "system API calls");
      if (options.limit) takeGatewayLimit(options.limit.limiter, owner.gateway.id, options.limit.what);

      const query = systemQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
      if (!query.success) throw unprocessable("The query string is invalid.", fieldIssues(query.error));
      const authorizerVersion = query.data.authorizer_version || undefined;
      await touchGateway(db, owner.gateway.id, authorizerVersion);

      let body = undefined as TBody;
      if (options.body) {
        // Classic zod's safeParse: its ZodError whatever the schema's flavour; messages in English
        // (classic zod registers its locale with its first schema, systemQuerySchema at the latest).
        const parsed = safeParse(options.body, await readJsonBody(req, MAX_BODY_BYTES));
        if (!parsed.success) throw unprocessable("The request body is invalid.", fieldIssues(parsed.error));
        body = parsed.data;
      }
      const reloadIntervalMs = query.data.reload_interval_ms;
      return await handler({ req, db, gateway: owner.gateway, client: owner.client, claims: verified.claims, body, authorizerVersion, reloadIntervalMs });
    } catch (err) {
      // handleError answers an unreachable database with 503 `database_unavailable`, in this API's error shape.
      return handleError(err);
    }
  };
  return (req) => withRequestLog(req, () => handle(req));
}
