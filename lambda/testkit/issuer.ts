import { createPublicKey, type JsonWebKey } from "node:crypto";
import { generateKeyPair, exportJWK, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

/**
 * Test-only signing keys and token minting for an issuer of end-user tokens (used by unit tests,
 * the fuzz test and the benchmark; the integration test uses oidc-provider's own tokens).
 */
export interface TestKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function testKey(kid: string, alg = "RS256"): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { kid, alg, privateKey, publicJwk };
}

export interface MintOptions {
  issuer: string;
  audience?: string | string[];
  expiresInSeconds?: number;
  notBeforeSeconds?: number;
  kid?: string | null;
  nowSeconds?: number;
}

export async function mint(key: TestKey, claims: JWTPayload, opts: MintOptions): Promise<string> {
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, typ: "at+jwt", ...(opts.kid === null ? {} : { kid: opts.kid ?? key.kid }) })
    .setIssuer(opts.issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + (opts.expiresInSeconds ?? 300));
  if (opts.audience !== undefined) jwt.setAudience(opts.audience);
  if (opts.notBeforeSeconds !== undefined) jwt.setNotBefore(now + opts.notBeforeSeconds);
  return jwt.sign(key.privateKey);
}

/** A JWS with `alg: none` (no signature). */
export function unsignedToken(payload: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(payload)}.`;
}

/** HS256 "signed" with the issuer's public key (PEM) as the HMAC secret: the classic key-confusion attack. */
export async function hmacWithPublicKey(key: TestKey, payload: JWTPayload): Promise<string> {
  const pem = createPublicKey({ key: key.publicJwk as JsonWebKey, format: "jwk" }).export({ type: "spki", format: "pem" });
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256", kid: key.kid }).sign(new TextEncoder().encode(String(pem)));
}
