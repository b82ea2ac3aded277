/**
 * The bearer token of a request (RFC 6750 § 2.1): `Authorization: Bearer <b64token>`, scheme in
 * any case. Missing → "missing"; anything else that is not exactly one well-formed bearer
 * credential (another scheme, extra parts, several Authorization headers) → "malformed".
 */
export type BearerResult = { ok: true; token: string } | { ok: false; reason: "missing" | "malformed" };

/** RFC 6750 b64token. Scheme and spaces are parsed by hand: one anchored regex with a capture
 * around `=*` and trailing blanks cost more than the rest of the request parsing together. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const isBlank = (c: string | undefined) => c === " " || c === "\t";
export const MAX_TOKEN_LENGTH = 16_384;

export function bearerToken(values: readonly string[]): BearerResult {
  // One pass, no arrays: blank values are ignored, several different ones are malformed.
  let value: string | undefined;
  for (const v of values) {
    if (v.trim() === "") continue;
    if (value === undefined) value = v;
    else if (v !== value) return { ok: false, reason: "malformed" };
  }
  if (value === undefined) return { ok: false, reason: "missing" };
  if (value.length > MAX_TOKEN_LENGTH + 20) return { ok: false, reason: "malformed" };
  if (value.length < 8 || value.slice(0, 6).toLowerCase() !== "bearer" || !isBlank(value[6])) return { ok: false, reason: "malformed" };
  let start = 7;
  while (isBlank(value[start])) start++;
  let end = value.length;
  while (end > start && isBlank(value[end - 1])) end--;
  const token = value.slice(start, end);
  return B64TOKEN.test(token) ? { ok: true, token } : { ok: false, reason: "malformed" };
}
