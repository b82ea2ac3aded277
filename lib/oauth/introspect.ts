import { decodeJwt, type JWTPayload } from "jose";
import { ApiError } from "../api/errors";
import type { Db } from "../db/client";
import { enabledIssuers } from "../issuers/service";
import { introspectAtIssuer, verifyIssuerJwt } from "../issuers/tokens";
import { gatewayOfToken } from "./token-client";
import { verifyAccessToken } from "./tokens";
import { systemIssuerUrl } from "./urls";

/**
 * RFC 7662 introspection for gateways: tokens of this console's `system` issuer (verified with
 * our keys, client still present and not rotated since), JWTs of enabled trusted issuers
 * (verified with their JWKS and audiences), and opaque tokens that an enabled trusted issuer's
 * introspection endpoint calls active. Anything else — or any failure — is `{active: false}`.
 */
export type Introspection = { active: false } | ({ active: true } & Record<string, unknown>);

const INACTIVE: Introspection = { active: false };
const MAX_TOKEN_LENGTH = 16_384;

function unverifiedIssuer(token: string): string | null {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === "string" ? iss : null;
  } catch {
    return null;
  }
}

/** The answer's shape: `aud` always a list, `scope` a space-separated string, `token_type` set. */
function answer(claims: JWTPayload | Record<string, unknown>): Introspection {
  const out: Record<string, unknown> = { ...claims };
  if (typeof out.aud === "string") out.aud = [out.aud];
  if (out.scope === undefined && Array.isArray(out.scp)) out.scope = out.scp.filter((s) => typeof s === "string").join(" ");
  if (Array.isArray(out.scope)) out.scope = out.scope.join(" ");
  out.token_type ??= "access_token";
  return { ...out, active: true };
}

export async function introspect(db: Db, token: string): Promise<Introspection> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return INACTIVE;
  const iss = token.split(".").length === 3 ? unverifiedIssuer(token) : null;
  if (iss === systemIssuerUrl()) {
    const verified = await verifyAccessToken(db, token);
    if (!verified.ok || !(await gatewayOfToken(db, verified.claims))) return INACTIVE;
    return answer(verified.claims);
  }
  const issuers = await enabledIssuers(db);
  if (iss !== null) {
    const trusted = issuers.find((i) => i.issuer === iss);
    if (!trusted) return INACTIVE;
    const claims = await verifyIssuerJwt(trusted, token);
    return claims ? answer(claims) : INACTIVE;
  }
  for (const issuer of issuers.filter((i) => i.introspectionEndpoint)) {
    const claims = await introspectAtIssuer(issuer, token);
    if (claims) return answer(claims);
  }
  return INACTIVE;
}

/** The `token` form field of a system-API introspection request (400 when missing). */
export async function readTokenParameter(req: Request): Promise<string> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new ApiError(400, "invalid_request", "Send the token as the form field token (application/x-www-form-urlencoded).");
  }
  const text = await req.text();
  if (text.length > MAX_TOKEN_LENGTH * 2) throw new ApiError(400, "invalid_request", "The request body is too large.");
  const token = new URLSearchParams(text).get("token");
  if (!token) throw new ApiError(400, "invalid_request", "The form field token is required.");
  return token;
}
