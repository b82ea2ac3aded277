import "server-only";
import { decodeJwt, type JWTPayload } from "jose";
import { formatBytes, mediaType, readLimitedText } from "../api/body";
import { ApiError } from "../api/errors";
import type { Db } from "../db/client";
import { enabledIssuers } from "../issuers/service";
import { introspectAtIssuer, verifyIssuerJwt } from "../issuers/tokens";
import { MAX_FORM_BYTES } from "./errors";
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

/**
 * `callerGatewayId`: the gateway asking. A token of this console's `system` issuer is active only
 * for its own gateway — one gateway learns nothing about another's tokens.
 */
export async function introspect(db: Db, token: string, callerGatewayId: string): Promise<Introspection> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return INACTIVE;
  const iss = token.split(".").length === 3 ? unverifiedIssuer(token) : null;
  if (iss === systemIssuerUrl()) {
    const verified = await verifyAccessToken(db, token);
    if (!verified.ok) return INACTIVE;
    const owner = await gatewayOfToken(db, verified.claims);
    if (!owner || owner.gateway.id !== callerGatewayId) return INACTIVE;
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

/** The `token` form field of a system-API introspection request (415 other type, 413 too long, 400 missing). */
export async function readTokenParameter(req: Request): Promise<string> {
  const type = mediaType(req);
  if (type !== "application/x-www-form-urlencoded") {
    throw new ApiError("unsupported_media_type", "Send the token as the form field token (application/x-www-form-urlencoded).");
  }
  const text = await readLimitedText(req, MAX_FORM_BYTES);
  if (text === null) throw new ApiError("payload_too_large", `The request body is larger than ${formatBytes(MAX_FORM_BYTES)}.`);
  const token = new URLSearchParams(text).get("token");
  if (!token) throw new ApiError("missing_parameter", "The form field token is required.");
  return token;
}
