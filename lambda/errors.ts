/**
 * Typed errors of the authorizer, with the console's argument order (code, then message, then
 * options; lib/api/errors.ts). `code` is one of a closed set; `status` is the HTTP status a failure
 * maps to (for the platform's answers, the status it gave; for AWS, 429 marks throttling), so
 * callers branch on kinds and numbers, never on messages. None of them ever carries a token or a
 * secret.
 */
export type AuthorizerErrorCode =
  | "platform_unreachable"
  | "platform_error"
  | "aws_throttled"
  | "aws_error";

export interface AuthorizerErrorOptions {
  status: number;
  cause?: unknown;
}

export class AuthorizerError extends Error {
  readonly status: number;

  constructor(
    readonly code: AuthorizerErrorCode,
    message: string,
    options: AuthorizerErrorOptions,
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = options.status;
  }
}

/** A call to the platform (discovery, token, system API) failed: network (status 0), timeout or HTTP status. */
export class PlatformError extends AuthorizerError {
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: AuthorizerErrorOptions & { retryAfterSeconds?: number }) {
    super(options.status === 0 ? "platform_unreachable" : "platform_error", message, options);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A call to the API Gateway control plane failed (status 429 = throttled after all retries). */
export class AwsSyncError extends AuthorizerError {
  constructor(message: string, options: AuthorizerErrorOptions) {
    super(options.status === 429 ? "aws_throttled" : "aws_error", message, options);
  }
}

/**
 * What API Gateway turns into 401: the function must fail with exactly this message
 * (docs/aws-rules.md). The handler throws a plain Error with it; this class marks the decision.
 */
export const UNAUTHORIZED = "Unauthorized";
