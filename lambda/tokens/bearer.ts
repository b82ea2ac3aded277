/**
 * The bearer token of a request (RFC 6750 § 2.1): `Authorization: Bearer <b64token>`, scheme in
 * any case. Missing → "missing"; anything else that is not exactly one well-formed bearer
 * credential (another scheme, extra parts, several Authorization headers) → "malformed".
 */
export type BearerResult = { ok: true; token: string } | { ok: false; reason: "missing" | "malformed" };

const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;
export const MAX_TOKEN_LENGTH = 16_384;

export function bearerToken(values: readonly string[]): BearerResult {
  const present = values.filter((v) => v.trim() !== "");
  if (present.length === 0) return { ok: false, reason: "missing" };
  if (new Set(present).size > 1) return { ok: false, reason: "malformed" };
  const value = present[0]!;
  if (value.length > MAX_TOKEN_LENGTH + 20) return { ok: false, reason: "malformed" };
  const m = BEARER.exec(value);
  return m ? { ok: true, token: m[1]! } : { ok: false, reason: "malformed" };
}
