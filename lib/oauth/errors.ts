import { formatBytes, mediaType, readLimitedText } from "../api/body";

/**
 * Errors of the OAuth endpoints (RFC 6749 § 5.2): `{error, error_description}` with the status on
 * the response, never cached.
 */
export const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = "OAuthError";
  }

  toResponse(): Response {
    return Response.json(
      { error: this.error, error_description: this.description },
      { status: this.status, headers: { ...NO_STORE, ...this.headers } },
    );
  }
}

export const BASIC_CHALLENGE = 'Basic realm="gatehouse", charset="UTF-8"';

export const invalidRequest = (description: string) => new OAuthError(400, "invalid_request", description);

export const invalidClient = (challenge: boolean, description = "Client authentication failed.") =>
  new OAuthError(401, "invalid_client", description, challenge ? { "WWW-Authenticate": BASIC_CHALLENGE } : {});

export const slowDown = (retryAfter: number, what = "Too many failed client authentications") =>
  new OAuthError(429, "slow_down", `${what}; retry in ${retryAfter} s.`, { "Retry-After": String(retryAfter) });

/** Every OAuth request fits easily: a client id, a secret, a grant type, scopes or one token. */
export const MAX_FORM_BYTES = 16_384;

/**
 * Reads an `application/x-www-form-urlencoded` body (RFC 6749 § 4.4.2, RFC 7662 § 2.1: the only
 * kind these endpoints take; the authorizer sends nothing else): another type → 415, more than
 * MAX_FORM_BYTES → 413 (reading stops there), a repeated parameter or a NUL character → 400.
 * Errors keep RFC 6749's `invalid_request` code; 415 and 413 are HTTP's statuses for those cases.
 */
export async function readForm(req: Request): Promise<URLSearchParams> {
  const type = mediaType(req);
  if (type !== "application/x-www-form-urlencoded") {
    throw new OAuthError(415, "invalid_request", `The request body must be application/x-www-form-urlencoded (${type === null ? "no Content-Type was given" : `got ${type}`}).`);
  }
  const text = await readLimitedText(req, MAX_FORM_BYTES);
  if (text === null) throw new OAuthError(413, "invalid_request", `The request body is larger than ${formatBytes(MAX_FORM_BYTES)}.`);
  const form = new URLSearchParams(text);
  // RFC 6749 § 3.2: parameters must not be repeated.
  const seen = new Set<string>();
  for (const [key, value] of form) {
    if (seen.has(key)) throw invalidRequest(`The parameter ${key} is repeated.`);
    if (key.includes("\u0000") || value.includes("\u0000")) throw invalidRequest(`The parameter ${key.replaceAll("\u0000", "")} contains a NUL character.`);
    seen.add(key);
  }
  return form;
}
