import type { ZodError } from "zod";

/** One error shape for every API answer: `{ "error": { "code", "message", "fields"? } }`. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldIssue[],
  ) {
    super(message);
    this.name = "ApiError";
  }

  toBody(): { error: { code: string; message: string; fields?: FieldIssue[] } } {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const unauthorized = (message = "Sign in to continue.") => new ApiError(401, "unauthorized", message);
export const forbidden = (message = "Your role does not allow this action.") => new ApiError(403, "forbidden", message);
export const notFound = (what: string) => new ApiError(404, "not_found", `${what} was not found.`);
export const conflict = (message: string) => new ApiError(409, "conflict", message);
/** The answer while the database cannot be reached: 503, with the reason ("connection refused"). */
export const databaseUnavailable = (reason: string) =>
  new ApiError(503, "database_unavailable", `The console cannot reach its database (${reason}); it retries by itself, try again in a few seconds.`);
/** How long a client should wait before retrying a 503 `database_unavailable` (the retry cadence is 2 s at most). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
export const unprocessable = (message: string, fields?: FieldIssue[]) =>
  new ApiError(422, "invalid_request", message, fields);

export function fieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
  }));
}

export function errorResponse(error: ApiError, headers?: HeadersInit): Response {
  return Response.json(error.toBody(), { status: error.status, headers });
}
