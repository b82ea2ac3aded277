import { ApiError, type ApiErrorOptions, type ErrorCode } from "./errors";

/** An API error that carries response headers (Retry-After, WWW-Authenticate). */
export class ApiErrorWithHeaders extends ApiError {
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: ApiErrorOptions & { headers: Record<string, string> }) {
    super(code, message, options);
    this.headers = options.headers;
  }
}
