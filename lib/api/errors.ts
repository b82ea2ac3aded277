import type { ZodError } from "zod";

/**
 * One error shape for every API answer: `{ "error": { "code", "message", "fields"? } }`.
 *
 * The codes are a closed set and each has exactly one HTTP status (as dub's
 * apps/web/lib/api/errors.ts does): the status derives from the code, so a client may branch on
 * either and never sees one code under two statuses. docs/admin-api.md lists every code with its
 * meaning (a test checks that table against this one both ways).
 */
export const ERROR_STATUS = {
  // The request itself
  missing_parameter: 400,
  unauthorized: 401,
  invalid_token: 401,
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_request: 422,
  rate_limited: 429,
  internal_error: 500,
  busy: 503,
  database_unavailable: 503,
  // The state of a resource
  service_bound: 409,
  gateway_without_client: 409,
  no_authorizer_function: 409,
  issuer_discovery_failed: 422,
  // The authorizer stack and its artifacts
  stack_exists: 409,
  stack_busy: 409,
  stack_gone: 409,
  stack_not_updatable: 409,
  no_changes: 409,
  stack_rejected: 422,
  artifacts_bucket_region: 409,
  artifacts_bucket_forbidden: 409,
  artifacts_bucket_taken: 409,
  authorizer_package_failed: 500,
  authorizer_package_missing: 503,
  // AWS's answers (lib/aws/errors.ts)
  aws_access_denied: 403,
  aws_not_found: 404,
  aws_conflict: 409,
  aws_validation: 422,
  aws_throttled: 429,
  aws_error: 502,
  aws_unreachable: 502,
  aws_no_credentials: 503,
  aws_expired_credentials: 503,
  aws_invalid_credentials: 503,
  aws_timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
/** Every status an error answer can have. */
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export interface FieldIssue {
  path: string;
  message: string;
}

export interface ApiErrorOptions {
  /** The fields of the body or query that are wrong (422 `invalid_request`). */
  fields?: FieldIssue[];
  /** Response headers the answer carries (Retry-After, WWW-Authenticate). */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class ApiError extends Error {
  readonly status: ErrorStatus;
  readonly fields: FieldIssue[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ApiError";
    this.status = ERROR_STATUS[code];
    this.fields = options.fields;
    this.headers = options.headers;
  }

  toBody(): { error: { code: ErrorCode; message: string; fields?: FieldIssue[] } } {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const unauthorized = (message = "Sign in to continue.") => new ApiError("unauthorized", message);
export const forbidden = (message = "Your role does not allow this action.") => new ApiError("forbidden", message);
export const notFound = (what: string) => new ApiError("not_found", `${what} was not found.`);
export const conflict = (message: string) => new ApiError("conflict", message);
/** How long a client should wait before retrying a 503 `database_unavailable` (the retry cadence is 2 s at most). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
/** The answer while the database cannot be reached: 503, with the reason ("connection refused") and Retry-After. */
export const databaseUnavailable = (reason: string) =>
  new ApiError("database_unavailable", `The console cannot reach its database (${reason}); it retries by itself, try again in a few seconds.`, {
    headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
  });
export const unprocessable = (message: string, fields?: FieldIssue[]) => new ApiError("invalid_request", message, { fields });

export function fieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
  }));
}

export function errorResponse(error: ApiError): Response {
  return Response.json(error.toBody(), { status: error.status, headers: error.headers });
}
