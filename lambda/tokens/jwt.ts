import { constants, verify as cryptoVerify, type KeyObject } from "node:crypto";
import { MAX_TOKEN_LENGTH } from "./bearer";

/**
 * JWS compact parsing, signature and claim checks for access tokens.
 *
 * The signature is checked with node:crypto's synchronous `verify` on KeyObjects imported once
 * per JWKS key (jose does the JWK import, see jwks.ts). jose's own `jwtVerify` goes through
 * WebCrypto, which measured ~3× a bare `crypto.verify` per RS256 token here (bench/authorizer);
 * the decision budget is 1.5×, so the hot path stays on node:crypto with the same strictness:
 * - an algorithm allow-list (RS*, PS*, ES*, EdDSA): `none` and every HMAC alg (HS*) are refused,
 *   so a token "signed" with the issuer's public key as an HMAC secret never verifies;
 * - the key must fit the algorithm (jose refuses to import a JWK for a mismatched alg);
 * - `crit` headers are refused (we understand no extensions);
 * - `exp` is required, `exp`/`nbf` are checked with a small clock skew, `iss` must be the trusted
 *   issuer exactly, `aud` must meet the issuer's audiences when it has any.
 */
export const ALLOWED_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"] as const;
export type JwsAlg = (typeof ALLOWED_ALGS)[number];

const HASH: Record<JwsAlg, string | null> = {
  RS256: "sha256",
  RS384: "sha384",
  RS512: "sha512",
  PS256: "sha256",
  PS384: "sha384",
  PS512: "sha512",
  ES256: "sha256",
  ES384: "sha384",
  ES512: "sha512",
  EdDSA: null,
};
/** Raw (IEEE P1363) ECDSA signature sizes: anything else is malformed. */
const EC_SIG_BYTES: Partial<Record<JwsAlg, number>> = { ES256: 64, ES384: 96, ES512: 132 };

export interface ParsedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  alg: JwsAlg;
  kid: string | undefined;
  signingInput: Buffer;
  signature: Buffer;
}

export type ParseFailure = "malformed" | "unsupported_alg";

const B64URL = /^[A-Za-z0-9_-]+$/;

function decodeJsonObject(part: string): Record<string, unknown> | null {
  if (!B64URL.test(part)) return null; // Buffer's decoder would skip stray characters silently
  try {
    const v = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The authn context carries `scp` (the scopes as a list) when the token only has `scope`, as the
 * protocol's identity-context validators expect. Added to the payload when it is decoded (the
 * request's own object), rather than by copying the claims.
 */
export function addScp(claims: Record<string, unknown>): void {
  if (claims.scp === undefined && typeof claims.scope === "string") claims.scp = claims.scope.split(" ").filter((s) => s !== "");
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/**
 * Decoded JOSE headers by their base64url text: an issuer's header is the same for all its
 * tokens, so it is decoded once. Values are deep-frozen: one object serves many requests.
 *
 * Payloads are decoded on every request (base64 + JSON, ~1 µs). A cache of them — by their text,
 * the only safe key — measured no cheaper with many users: every lookup hashes a ~300-character
 * string and misses, and the cached objects outlive the young generation, so garbage collection
 * copied them. A payload decoded per request is that request's own object.
 */
class HeaderCache {
  private readonly map = new Map<string, Record<string, unknown> | null>();
  constructor(private readonly max: number) {}

  get(part: string): Record<string, unknown> | null {
    const hit = this.map.get(part);
    if (hit !== undefined) return hit;
    const decoded = decodeJsonObject(part);
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(part, decoded === null ? null : deepFreeze(decoded));
    return decoded;
  }
}

const headers = new HeaderCache(32);

/** True when the token has the shape of a JWS compact serialization (three base64url parts). */
export function looksLikeJwt(token: string): boolean {
  const first = token.indexOf(".");
  const second = first < 0 ? -1 : token.indexOf(".", first + 1);
  return first > 0 && second > first + 1 && token.indexOf(".", second + 1) < 0;
}

export function parseJws(token: string): { ok: true; jws: ParsedJws } | { ok: false; reason: ParseFailure } {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  const first = token.indexOf(".");
  const second = first < 0 ? -1 : token.indexOf(".", first + 1);
  if (second < 0 || token.indexOf(".", second + 1) >= 0) return { ok: false, reason: "malformed" };
  const h = token.slice(0, first);
  const p = token.slice(first + 1, second);
  const s = token.slice(second + 1);
  const header = headers.get(h);
  if (!header) return { ok: false, reason: "malformed" };
  const alg = header.alg;
  // `none` (an empty signature) and HS* are not in the list: refused before any key is looked at.
  if (typeof alg !== "string" || !(ALLOWED_ALGS as readonly string[]).includes(alg)) return { ok: false, reason: "unsupported_alg" };
  if (s === "" || !B64URL.test(s)) return { ok: false, reason: "malformed" };
  if (header.crit !== undefined || header.b64 !== undefined) return { ok: false, reason: "unsupported_alg" };
  if (header.kid !== undefined && typeof header.kid !== "string") return { ok: false, reason: "malformed" };
  const payload = decodeJsonObject(p);
  if (!payload) return { ok: false, reason: "malformed" };
  addScp(payload);
  // Only canonical base64url: other spellings of the same signature bytes (unused trailing
  // bits) would make one signed token valid under several texts.
  if (!canonicalBase64url(s)) return { ok: false, reason: "malformed" };
  return {
    ok: true,
    jws: {
      header,
      payload,
      alg: alg as JwsAlg,
      kid: header.kid,
      signingInput: Buffer.from(token.slice(0, second), "latin1"),
      signature: Buffer.from(s, "base64url"),
    },
  };
}

const B64URL_VALUE = new Int8Array(128).fill(-1);
for (const [i, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"].entries()) B64URL_VALUE[c.charCodeAt(0)] = i;

/**
 * Whether unpadded base64url text (its characters already checked) is the one canonical spelling
 * of its bytes: a length of 4n+1 is never valid, and the bits of the last character that encode
 * no byte (4 of them after 4n+2 characters, 2 after 4n+3) must be zero. What decoding and
 * re-encoding would tell, without either.
 */
export function canonicalBase64url(text: string): boolean {
  const rest = text.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const last = B64URL_VALUE[text.charCodeAt(text.length - 1)]!;
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

export function verifySignature(jws: ParsedJws, key: KeyObject): boolean {
  const { alg, signingInput, signature } = jws;
  const hash = HASH[alg];
  try {
    if (alg.startsWith("PS")) {
      return cryptoVerify(hash, signingInput, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature);
    }
    const ecBytes = EC_SIG_BYTES[alg];
    if (ecBytes !== undefined) {
      if (signature.length !== ecBytes) return false;
      return cryptoVerify(hash, signingInput, { key, dsaEncoding: "ieee-p1363" }, signature);
    }
    return cryptoVerify(hash, signingInput, key, signature);
  } catch {
    return false; // a key of the wrong type for the algorithm
  }
}

export type ClaimFailure = "malformed" | "expired" | "not_yet_valid" | "wrong_audience";

export interface ClaimRules {
  nowSeconds: number;
  skewSeconds: number;
  audiences: readonly string[];
}

const isTime = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** `exp` (required), `nbf`, `aud` (when the issuer lists audiences). `iss` is matched by the caller. */
export function checkClaims(claims: Record<string, unknown>, rules: ClaimRules): ClaimFailure | null {
  const { exp, nbf, aud } = claims;
  if (!isTime(exp)) return "malformed";
  if (rules.nowSeconds - rules.skewSeconds >= exp) return "expired";
  if (nbf !== undefined) {
    if (!isTime(nbf)) return "malformed";
    if (rules.nowSeconds + rules.skewSeconds < nbf) return "not_yet_valid";
  }
  if (rules.audiences.length > 0) {
    const list = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
    if (!list.some((a) => typeof a === "string" && rules.audiences.includes(a))) return "wrong_audience";
  }
  return null;
}
