/**
 * Typed errors of the authorizer. `status` is the HTTP status a failure maps to (for the
 * platform's answers, the status it gave; for AWS, 429 marks throttling), so callers branch on
 * kinds and numbers, never on messages. None of them ever carries a token or a secret.
 */
export class AuthorizerError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A call to the platform (discovery, token, system API) failed: network, timeout or HTTP status. */
export class PlatformError extends AuthorizerError {
  constructor(message: string, status: number, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, status, status === 0 ? "platform_unreachable" : "platform_error", options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  readonly retryAfterSeconds: number | undefined;
}

/** The platform answered something that is not a valid configuration (or discovery document). */
export class InvalidConfigurationError extends AuthorizerError {
  constructor(message: string) {
    super(message, 502, "invalid_configuration");
  }
}

/** The environment is invalid: every request is denied until it is fixed. */
export class SettingsError extends AuthorizerError {
  constructor(readonly variables: string[]) {
    super(`invalid authorizer settings: ${variables.join(", ")}`, 500, "invalid_settings");
  }
}

/** A call to the API Gateway control plane failed (status 429 = throttled after all retries). */
export class AwsSyncError extends AuthorizerError {
  constructor(message: string, status: number, options?: { cause?: unknown }) {
    super(message, status, status === 429 ? "aws_throttled" : "aws_error", options);
  }
}

/**
 * What API Gateway turns into 401: the function must fail with exactly this message
 * (docs/aws-rules.md). The handler throws a plain Error with it; this class marks the decision.
 */
export const UNAUTHORIZED = "Unauthorized";
