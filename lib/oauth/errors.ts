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

export const slowDown = (retryAfter: number) =>
  new OAuthError(429, "slow_down", `Too many failed client authentications; retry in ${retryAfter} s.`, { "Retry-After": String(retryAfter) });

/** Reads an `application/x-www-form-urlencoded` body (the only kind the OAuth endpoints take). */
export async function readForm(req: Request): Promise<URLSearchParams> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw invalidRequest("The request body must be application/x-www-form-urlencoded.");
  }
  const text = await req.text();
  if (text.length > 16_384) throw invalidRequest("The request body is too large.");
  const form = new URLSearchParams(text);
  // RFC 6749 § 3.2: parameters must not be repeated.
  const seen = new Set<string>();
  for (const key of form.keys()) {
    if (seen.has(key)) throw invalidRequest(`The parameter ${key} is repeated.`);
    seen.add(key);
  }
  return form;
}
