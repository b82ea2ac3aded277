import { ApiError } from "./errors";

/** An API error that carries response headers (Retry-After, WWW-Authenticate). */
export class ApiErrorWithHeaders extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly headers: Record<string, string>,
  ) {
    super(status, code, message);
  }
}
