import { formatBytes, mediaType, readLimitedText } from "../api/body";

/**
 * Errors of the OAuth endpoints (RFC 6749 § 5.2): `{error, error_description}` with the status on
 * the response, never cached.
 */
export const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

/**
 * The `error` codes these endpoints answer, each with its status: RFC 6749 § 5.2's, RFC 6750's
 * `insufficient_scope` (introspection without the scope), RFC 8628's `slow_down` (too many failed
 * client authentications) and § 4.1.2.1's `server_error` / `temporarily_unavailable`. RFC 6749
 * keeps `invalid_request` for every malformed request, so only it may carry another status:
 * HTTP's 413 and 415 for a body too large or of another type (readForm).
 */
export const OAUTH_ERROR_STATUS = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_scope: 400,
  unsupported_grant_type: 400,
  insufficient_scope: 403,
  slow_down: 429,
  server_error: 500,
  temporarily_unavailable: 503,
} as const;

export type OAuthErrorCode = keyof typeof OAUTH_ERROR_STATUS;

export interface OAuthErrorOptions {
  /** Only for `invalid_request`: 413 or 415 instead of 400. */
  status?: 413 | 415;
  headers?: Record<string, string>;
}

export class OAuthError extends Error {
  readonly status: (typeof OAUTH_ERROR_STATUS)[OAuthErrorCode] | 413 | 415;
  readonly headers: Record<string, string>;

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    options: OAuthErrorOptions = {},
  ) {
    super(description);
    this.name = "OAuthError";
    this.status = error === "invalid_request" && options.status ? options.status : OAUTH_ERROR_STATUS[error];
    this.headers = options.headers ?? {};
  }

  toResponse(): Response {
    return Response.json(
      { error: this.error, error_description: this.description },
      { status: this.status, headers: { ...NO_STORE, ...this.headers } },
    );
  }
}

export const BASIC_CHALLENGE = 'Basic realm="gatehouse", charset="UTF-8"';

export const invalidRequest = (description: string) => new OAuthError("invalid_request", description);

export const invalidClient = (challenge: boolean, description = "Client authentication failed.") =>
  new OAuthError("invalid_client", description, challenge ? { headers: { "WWW-Authenticate": BASIC_CHALLENGE } } : {});

export const slowDown = (retryAfter: number, what = "Too many failed client authentications") =>
  new OAuthError("slow_down", `${what}; retry in ${retryAfter} s.`, { headers: { "Retry-After": String(retryAfter) } });

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
    throw new OAuthError("invalid_request", `The request body must be application/x-www-form-urlencoded (${type === null ? "no Content-Type was given" : `got ${type}`}).`, {
      status: 415,
    });
  }
  const text = await readLimitedText(req, MAX_FORM_BYTES);
  if (text === null) throw new OAuthError("invalid_request", `The request body is larger than ${formatBytes(MAX_FORM_BYTES)}.`, { status: 413 });
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
