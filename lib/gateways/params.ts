import { notFound } from "../api/errors";
import { groupIdSchema } from "./schemas";

/** The `{group}` path segment: an API group's id text (e.g. `a1b2c3-prod`), url-decoded. */
export function groupParam(params: Record<string, string>, name = "group"): string {
  const raw = params[name] ?? "";
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw notFound("API group");
  }
  const parsed = groupIdSchema.safeParse(decoded);
  // A NUL cannot be in a stored group id (pushes refuse it) and PostgreSQL refuses it in a query.
  if (!parsed.success || decoded.includes("\u0000")) throw notFound("API group");
  return parsed.data;
}
