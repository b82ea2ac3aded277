import "server-only";
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { z } from "zod";
import { decryptSecret } from "../crypto/secrets";
import type { TrustedIssuer } from "../db/schema";
import { FETCH_TIMEOUT_MS, FetchProblem, fetchJson } from "./fetch";
import { issuerSecretAad } from "./service";
import { JWT_CLOCK_SKEW_SECONDS } from "../../protocol/jwt-clock-skew";

/** Checking end-user tokens of trusted issuers (for the introspection endpoints). */

type RemoteKeys = ReturnType<typeof createRemoteJWKSet>;
const keySets = new Map<string, RemoteKeys>();

function remoteKeys(jwksUri: string): RemoteKeys {
  let set = keySets.get(jwksUri);
  if (!set) {
    if (keySets.size > 100) keySets.clear();
    set = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: FETCH_TIMEOUT_MS, cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
    keySets.set(jwksUri, set);
  }
  return set;
}

/** A JWT of `issuer`, verified against its JWKS, `iss`, `exp`/`nbf` and (when set) its audiences. */
export async function verifyIssuerJwt(issuer: TrustedIssuer, token: string): Promise<JWTPayload | null> {
  try {
    const { payload } = await jwtVerify(token, remoteKeys(issuer.jwksUri), {
      issuer: issuer.issuer,
      ...(issuer.audiences.length > 0 ? { audience: issuer.audiences } : {}),
      clockTolerance: JWT_CLOCK_SKEW_SECONDS,
    });
    return payload;
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null;
    if (err instanceof TypeError) return null; // a malformed token or key
    throw err;
  }
}

const introspectionAnswer = z.looseObject({ active: z.boolean() });

/** RFC 7662 at the issuer's own introspection endpoint (for opaque tokens). Null on any failure. */
export async function introspectAtIssuer(issuer: TrustedIssuer, token: string): Promise<Record<string, unknown> | null> {
  if (!issuer.introspectionEndpoint) return null;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const form = new URLSearchParams({ token });
  if (issuer.introspectionClientId) {
    const secret = issuer.introspectionClientSecretEncrypted ? decryptSecret(issuer.introspectionClientSecretEncrypted, issuerSecretAad(issuer.id)) : "";
    const enc = (v: string) => encodeURIComponent(v).replace(/%20/g, "+");
    headers.authorization = `Basic ${Buffer.from(`${enc(issuer.introspectionClientId)}:${enc(secret)}`).toString("base64")}`;
  }
  try {
    const answer = introspectionAnswer.safeParse(await fetchJson(issuer.introspectionEndpoint, { method: "POST", headers, body: form.toString() }));
    if (!answer.success || !answer.data.active) return null;
    const claims = answer.data as Record<string, unknown>;
    // An answer naming another issuer is not this issuer's token.
    if (typeof claims.iss === "string" && claims.iss !== issuer.issuer) return null;
    if (issuer.audiences.length > 0) {
      const aud = typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
      if (!aud.some((a) => issuer.audiences.includes(a as string))) return null;
    }
    return { ...claims, iss: issuer.issuer };
  } catch (err) {
    if (err instanceof FetchProblem) return null;
    throw err;
  }
}
