import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailable } from "../api/errors";
import type { Db } from "../db/client";
import { unavailableReason } from "../db/unavailable";
import { GATEWAY_SCOPES } from "../db/schema";
import { errorFields, log } from "../log";
import { authenticateClient } from "./client-auth";
import { invalidRequest, NO_STORE, OAuthError, readForm, slowDown } from "./errors";
import { accessTokenTtlSeconds } from "./settings";
import { checkSource, CLIENT_TOKENS, clientTokens } from "./source-limits";
import { issueAccessToken } from "./tokens";

/**
 * `POST {issuer}/oauth2/token`: the client_credentials grant for gateway clients.
 * Order of checks: body and client authentication, then grant type, then scope.
 */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/; // RFC 6749 § 3.3 scope-token

function grantedScopes(requested: string | null, allowed: string[]): string[] {
  if (requested === null || requested.trim() === "") return allowed.filter((s) => (GATEWAY_SCOPES as readonly string[]).includes(s));
  const asked = requested.split(" ").filter(Boolean);
  if (asked.some((s) => !SCOPE_TOKEN.test(s))) throw invalidRequest("The scope parameter is malformed.");
  const unknown = asked.filter((s) => !allowed.includes(s));
  if (unknown.length > 0) throw new OAuthError("invalid_scope", `The client may not request: ${unknown.join(" ")}.`);
  return [...new Set(asked)];
}

export async function tokenEndpoint(db: Db, req: Request): Promise<Response> {
  checkSource(req);
  const form = await readForm(req);
  const { client } = await authenticateClient(db, req, form);
  const retryAfter = clientTokens.take(client.clientId);
  if (retryAfter > 0) throw slowDown(retryAfter, `More than ${CLIENT_TOKENS.burst} tokens for this client in a short time (tokens last ${accessTokenTtlSeconds()} s: reuse them)`);
  const grantType = form.get("grant_type");
  if (!grantType) throw invalidRequest("grant_type is required.");
  if (grantType !== "client_credentials") {
    throw new OAuthError("unsupported_grant_type", "Only the client_credentials grant is supported.");
  }
  const scopes = grantedScopes(form.get("scope"), client.scopes);
  const { token, expiresIn, scope } = await issueAccessToken(db, client, scopes);
  return Response.json({ access_token: token, token_type: "bearer", expires_in: expiresIn, scope }, { status: 200, headers: NO_STORE });
}

/** Wraps an OAuth endpoint: OAuthErrors become RFC 6749 answers; anything else a bare 500 (503 without a database). */
export async function oauthEndpoint(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (err) {
    if (err instanceof OAuthError) return err.toResponse();
    // An unreachable database: RFC 6749's temporarily_unavailable with 503, so clients retry.
    const reason = unavailableReason(err);
    if (reason) {
      log.warn({ reason, error: errorFields(err) }, "answered 503: the database is unavailable");
      const { message } = databaseUnavailable(reason);
      return new OAuthError("temporarily_unavailable", message, { headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) } }).toResponse();
    }
    log.error({ error: errorFields(err) }, "OAuth endpoint failed");
    return new OAuthError("server_error", "The server could not handle the request.").toResponse();
  }
}
