import { notFound } from "./errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid path parameter; anything else cannot name a row, so it is a 404 (not a database error). */
export function idParam(params: Record<string, string>, what: string, name = "id"): string {
  const value = params[name];
  if (!value || !UUID.test(value)) throw notFound(what);
  return value.toLowerCase();
}
