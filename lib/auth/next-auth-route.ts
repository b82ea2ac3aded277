import "server-only";
import { ApiError, errorResponse } from "../api/errors";
import { handleError } from "../api/route";

/**
 * Guards next-auth's own endpoints (sign-in, callback, csrf, session, sign-out). Its browser
 * client and identity providers POST HTML forms only; next-auth itself reads any other body as a
 * form and throws, which Next answers with a 500 and a stack trace. So a POST must be a form
 * (415 otherwise), and anything that still throws becomes the console's one error shape.
 */
type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

const FORM = "application/x-www-form-urlencoded";

export function guardNextAuth<C>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    if (req.method === "POST") {
      const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
      if (type !== FORM) {
        return errorResponse(new ApiError("unsupported_media_type", `Sign-in endpoints take ${FORM} bodies only.`));
      }
    }
    try {
      return await handler(req, ctx);
    } catch (err) {
      return handleError(err);
    }
  };
}
