import "server-only";
import { randomUUID } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { Db } from "../db/client";
import { activeSigningKey, SIGNING_ALG, verificationKey, verificationKeyExpiry, verificationKeysGeneration } from "./keys";
import { accessTokenTtlSeconds } from "./settings";
import { DEFAULT_TENANT, SYSTEM_SERVER_ID, systemApiAudience, systemIssuerUrl } from "./urls";
import { BoundedMap } from "../../protocol/bounded-map";
import { JWT_CLOCK_SKEW_SECONDS } from "../../protocol/jwt-clock-skew";

/**
 * Access tokens of the `system` issuer: JWTs (RFC 9068 style, `typ: at+jwt`) signed ES256 with
 * the active signing key. `sub` and `client_id` are the gateway client; `aud` is the system API.
 */
export const ACCESS_TOKEN_TYPE = "at+jwt";

export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string | string[];
  client_id: string;
  scope: string;
  iat: number;
  exp: number;
  jti: string;
  tenant_id: string;
  server_id: string;
  /** When the client's secret was last set (epoch ms) as the token was issued: a rotation revokes. */
  secret_version: number;
}

export async function issueAccessToken(
  db: Db,
  client: { clientId: string; secretRotatedAt: Date },
  scopes: string[],
  tenantId = DEFAULT_TENANT,
): Promise<{ token: string; expiresIn: number; scope: string }> {
  const clientId = client.clientId;
  const { kid, key } = await activeSigningKey(db);
  const expiresIn = accessTokenTtlSeconds();
  const now = Math.floor(Date.now() / 1000);
  const scope = scopes.join(" ");
  const token = await new SignJWT({
    client_id: clientId,
    scope,
    tenant_id: tenantId,
    server_id: SYSTEM_SERVER_ID,
    secret_version: client.secretRotatedAt.getTime(),
  })
    .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(systemIssuerUrl(tenantId))
    .setSubject(clientId)
    .setAudience(systemApiAudience(tenantId))
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .setJti(randomUUID())
    .sign(key);
  return { token, expiresIn, scope };
}

export type VerifyResult = { ok: true; claims: AccessTokenClaims } | { ok: false; reason: string };

const MAX_TOKEN_LENGTH = 8192;

/**
 * Tokens this process verified, by their exact text, until they expire — at most as long as the
 * verification keys stay cached (keys.ts), so a key that leaves the JWKS stops verifying just as
 * soon as without this cache. Every authorizer instance presents the same token on each poll for
 * its whole lifetime: an ES256 signature check per poll would be most of the poll's cost.
 * In memory only, bounded, oldest first out. What the token authorizes (client, secret version,
 * scopes) is still checked on every request by the caller.
 */
const VERIFIED_FOR_MS = 60_000;
const MAX_VERIFIED = 10_000;
const verified = new BoundedMap<string, { tenantId: string; claims: AccessTokenClaims; until: number; generation: number }>(MAX_VERIFIED);

function rememberVerified(token: string, tenantId: string, claims: AccessTokenClaims, kid: string | undefined): void {
  const keyExpiry = (kid ? verificationKeyExpiry(kid) : null) ?? Number.POSITIVE_INFINITY;
  const until = Math.min(claims.exp * 1000, Date.now() + VERIFIED_FOR_MS, keyExpiry);
  verified.set(token, { tenantId, claims, until, generation: verificationKeysGeneration() });
}

/** Checks signature (our published keys only), `iss`, `aud`, `exp`/`nbf` and the claims we rely on. */
export async function verifyAccessToken(db: Db, token: string, tenantId = DEFAULT_TENANT): Promise<VerifyResult> {
  if (token.length > MAX_TOKEN_LENGTH || token.split(".").length !== 3) return { ok: false, reason: "The access token is malformed." };
  const known = verified.get(token);
  if (known) {
    if (known.tenantId === tenantId && Date.now() < known.until && known.generation === verificationKeysGeneration()) return { ok: true, claims: known.claims };
    verified.delete(token);
  }
  let kid: string | undefined;
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        kid = header.kid;
        const key = await verificationKey(db, header.kid);
        if (!key) throw new joseErrors.JWKSNoMatchingKey();
        return key;
      },
      {
        issuer: systemIssuerUrl(tenantId),
        audience: systemApiAudience(tenantId),
        algorithms: [SIGNING_ALG],
        typ: ACCESS_TOKEN_TYPE,
        requiredClaims: ["sub", "exp", "iat", "client_id", "scope", "secret_version"],
        clockTolerance: JWT_CLOCK_SKEW_SECONDS,
      },
    );
    if (typeof payload.client_id !== "string" || typeof payload.scope !== "string" || typeof payload.secret_version !== "number") {
      return { ok: false, reason: "The access token lacks client_id, scope or secret_version." };
    }
    rememberVerified(token, tenantId, payload as AccessTokenClaims, kid);
    return { ok: true, claims: payload as AccessTokenClaims };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) return { ok: false, reason: "The access token has expired." };
    if (err instanceof joseErrors.JOSEError) return { ok: false, reason: "The access token is invalid." };
    throw err;
  }
}

export function scopesOf(claims: { scope?: unknown }): string[] {
  return typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : [];
}
