import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino from "pino";
import { envSchema } from "./env";

/**
 * The console's one logger: JSON lines on stdout (pino, no transport: no worker thread for the
 * bundler to break), each with `level`, `time` and `msg`, and inside a request its `request_id`
 * and `route` (the method and path, never the query string). Lines never carry request bodies,
 * query parameters, database query parameters or secrets: errors go through `errorFields`, which
 * keeps a database error's class, SQLSTATE and the query's name and drops its message (Drizzle
 * puts the parameters there). Level: GATEHOUSE_LOG_LEVEL (default `info`).
 */

interface RequestContext {
  request_id: string;
  route: string;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

// Written through process.stdout (not straight to fd 1) so Next's and the tests' view of stdout is the same.
const stdout = { write: (line: string) => process.stdout.write(line) };

export const log = pino(
  {
    // Read here, not through env(): the logger must work even when other variables are invalid.
    level: envSchema.shape.GATEHOUSE_LOG_LEVEL.catch("info").parse(process.env.GATEHOUSE_LOG_LEVEL),
    base: { service: "gatehouse" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => ({ ...requestContext.getStore() }),
  },
  stdout,
);

/** A request id that is safe to echo and log: a client's own if it is a short plain token. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id")?.trim();
  return given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Runs outside any request: for events of shared resources (the pool) that a request merely started. */
export function outsideRequest<T>(fn: () => T): T {
  return requestContext.exit(fn);
}

/** Runs a request's handler with its id and route on every line it logs, and its id on the answer. */
export async function withRequestLog(req: Request, handle: () => Promise<Response>): Promise<Response> {
  const context: RequestContext = { request_id: requestIdOf(req.headers), route: `${req.method} ${new URL(req.url).pathname}` };
  const started = performance.now();
  const res = await requestContext.run(context, handle);
  requestContext.run(context, () => log.debug({ status: res.status, duration_ms: Math.round(performance.now() - started) }, "request"));
  try {
    res.headers.set("x-request-id", context.request_id);
    return res;
  } catch {
    // Immutable headers (a fetched or redirect Response): copy the answer to add the id.
    const headers = new Headers(res.headers);
    headers.set("x-request-id", context.request_id);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}

interface QueryFailure {
  query: string;
  params: unknown[];
  cause?: unknown;
}

function isQueryFailure(err: unknown): err is QueryFailure {
  return typeof (err as QueryFailure)?.query === "string" && Array.isArray((err as QueryFailure).params);
}

/** `select users`, `insert into api_tokens`: the statement and its first table, no values. */
export function queryName(sqlText: string): string {
  const text = sqlText.replace(/\s+/g, " ").trim();
  const verb = /^(with|select|insert into|update|delete from|create|alter|drop|begin|commit|rollback|savepoint|release|lock|truncate)\b/i.exec(text)?.[1]?.toLowerCase() ?? "statement";
  const table = /\b(?:from|into|update|table)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/i.exec(text)?.[1];
  return table ? `${verb} ${table}` : verb;
}

const SAFE_DRIVER_FIELDS = ["code", "severity", "table", "column", "constraint", "routine"] as const;

/**
 * What may be logged of an error: its class and code; for a database error also the query's
 * name and the driver's table/constraint names — never the message (it names parameters and
 * values) nor the parameters. Other errors keep a shortened message.
 */
export function errorFields(err: unknown, depth = 0): Record<string, unknown> {
  if (isQueryFailure(err)) {
    const cause = err.cause as Record<string, unknown> | undefined;
    const fields: Record<string, unknown> = { class: "DrizzleQueryError", query: queryName(err.query) };
    if (cause && typeof cause === "object") {
      fields.cause_class = (cause as { name?: unknown }).name ?? cause.constructor?.name;
      for (const key of SAFE_DRIVER_FIELDS) if (typeof cause[key] === "string") fields[key] = cause[key];
    }
    return fields;
  }
  if (err instanceof Error) {
    // pg names its errors "error": the constructor says more (DatabaseError).
    const fields: Record<string, unknown> = { class: err.name === "error" ? err.constructor.name : err.name };
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string" || typeof code === "number") fields.code = code;
    // A driver error carries SQL state in `code` and values in its message and detail: keep only names.
    if (typeof (err as { severity?: unknown }).severity === "string") {
      for (const key of SAFE_DRIVER_FIELDS) {
        const value = (err as unknown as Record<string, unknown>)[key];
        if (typeof value === "string") fields[key] = value;
      }
      return fields;
    }
    fields.message = err.message.split("\nparams:")[0]!.slice(0, 300);
    if (err.cause !== undefined && depth < 3) fields.cause = errorFields(err.cause, depth + 1);
    return fields;
  }
  return { class: typeof err };
}
