/**
 * Which keys of a decision event's context name credentials, and the scrub that removes them.
 * Shared by the authorizer (which builds the events) and the console (which stores whatever an
 * authorizer sends), so both drop the same keys. Pure: no platform or project imports.
 *
 * Matched case-insensitively on the key alone (values are never inspected): the HTTP credential
 * headers, and any key that mentions a token, secret, password, credential, session, api key,
 * cookie or private key.
 */
const EXACT = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "x-amz-security-token",
  "assertion",
  "client_assertion",
]);
const PART = /token|secret|passw(or)?d|passphrase|credential|api[-_]?key|cookie|session|private[-_]?key|signature/i;

export function isCredentialKey(key: string): boolean {
  return EXACT.has(key.toLowerCase()) || PART.test(key);
}

/** Deepest level kept: a context is a token's claims, never deeply nested. */
export const SCRUB_MAX_DEPTH = 8;

/** A copy of `value` without credential keys at any depth; deeper than SCRUB_MAX_DEPTH becomes null. */
export function scrubCredentials(value: unknown, depth = 0): unknown {
  if (depth > SCRUB_MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.map((v) => scrubCredentials(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!isCredentialKey(k)) out[k] = scrubCredentials(v, depth + 1);
    return out;
  }
  return value;
}
