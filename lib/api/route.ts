import type { z } from "zod";
import { resolveCaller, roleAllows, type Caller } from "../auth/caller";
import { PasswordHashBusyError } from "../crypto/password";
import { getDb, type Db } from "../db/client";
import { consoleOrigins } from "../env";
import type { Role } from "../db/schema";
import { isTransactionConflict, unavailableReason } from "../db/unavailable";
import { errorFields, log, withRequestLog } from "../log";
import {
  ApiError,
  conflict,
  DATABASE_RETRY_AFTER_SECONDS,
  databaseUnavailable,
  errorResponse,
  fieldIssues,
  forbidden,
  unauthorized,
  unprocessable,
} from "./errors";
import { forwardedOrigin } from "./forwarded";

/**
 * One wrapper per auth context (as dub's apps/web does): handlers receive a resolved, typed
 * caller and zod-parsed input; every failure becomes `{error:{code,message}}` with its status.
 */

type RouteParams = Record<string, string | string[] | undefined>;
export interface RouteContext {
  params: Promise<RouteParams>;
}
export type RouteHandler = (req: Request, ctx: RouteContext) => Promise<Response>;

interface Input<TBody, TQuery> {
  req: Request;
  db: Db;
  params: Record<string, string>;
  body: TBody;
  query: TQuery;
}

/** A JSON answer with an explicit status (the status is on the response, never in the body). */
export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw unprocessable("The request body is not valid JSON.");
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw unprocessable(`The ${what} is invalid.`, fieldIssues(result.error));
  return result.data;
}

async function flatParams(ctx: RouteContext | undefined): Promise<Record<string, string>> {
  const raw = (await ctx?.params) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string") out[k] = v;
  return out;
}

export function handleError(err: unknown): Response {
  if (err instanceof ApiError) return errorResponse(err);
  if (err instanceof PasswordHashBusyError) return errorResponse(new ApiError(503, "busy", err.message));
  // A database that cannot be reached is the server's state, not a bug: 503 with the reason.
  const reason = unavailableReason(err);
  if (reason) {
    log.warn({ reason, error: errorFields(err) }, "answered 503: the database is unavailable");
    return errorResponse(databaseUnavailable(reason), { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) });
  }
  // PostgreSQL broke a deadlock or serialization conflict with a concurrent write: nothing was written.
  if (isTransactionConflict(err)) {
    log.warn({ error: errorFields(err) }, "answered 409: a concurrent write conflicted");
    return errorResponse(conflict("Another change was being made at the same time. Reload and try again."));
  }
  // Log the failure without request data or query parameters (which may hold secrets); answer without internals.
  log.error({ error: errorFields(err) }, "unhandled API error");
  return errorResponse(new ApiError(500, "internal_error", "Something went wrong on the server. The error was logged."));
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Cookie-authenticated writes must come from the console's own pages (defence beside
 * SameSite=Lax): the Origin must be one the console is configured under (lib/env.ts), or the one
 * a trusted proxy reports. Host and X-Forwarded-Host alone prove nothing — a client sets them.
 */
function checkSameOrigin(req: Request, caller: Caller): void {
  if (caller.via !== "session" || !UNSAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  if (!origin) return;
  let requestOrigin: string;
  try {
    requestOrigin = new URL(origin).origin;
  } catch {
    throw forbidden("Cross-origin request refused.");
  }
  const allowed = [...consoleOrigins(), forwardedOrigin(req.headers)];
  if (!allowed.includes(requestOrigin)) throw forbidden("Cross-origin request refused.");
}

interface ConsoleRouteOptions<TBody, TQuery> {
  /** The least role allowed. Reads default to viewer; pass "admin" for anything that changes state. */
  role: Role;
  body?: z.ZodType<TBody>;
  query?: z.ZodType<TQuery>;
}

/** Routes of the console and the admin API: a session or an admin API token is required. */
export function consoleRoute<TBody = undefined, TQuery = undefined>(
  options: ConsoleRouteOptions<TBody, TQuery>,
  handler: (input: Input<TBody, TQuery> & { caller: Caller }) => Promise<Response>,
): RouteHandler {
  const handle: RouteHandler = async (req, ctx) => {
    try {
      const db = await getDb();
      const caller = await resolveCaller(db, req.headers);
      if (!caller) throw unauthorized();
      if (!roleAllows(caller.role, options.role)) {
        throw forbidden(`This action needs the ${options.role} role; you are ${caller.role === "viewer" ? "a viewer" : "an admin"}.`);
      }
      checkSameOrigin(req, caller);
      const body = options.body ? parseWith(options.body, await readJson(req), "request body") : (undefined as TBody);
      const query = options.query
        ? parseWith(options.query, Object.fromEntries(new URL(req.url).searchParams), "query string")
        : (undefined as TQuery);
      return await handler({ req, db, caller, params: await flatParams(ctx), body, query });
    } catch (err) {
      return handleError(err);
    }
  };
  return (req, ctx) => withRequestLog(req, () => handle(req, ctx));
}

/** Routes anyone may call (health). Still parse input and map errors the same way. */
export function publicRoute(handler: (input: { req: Request }) => Promise<Response>): RouteHandler {
  return (req) =>
    withRequestLog(req, async () => {
      try {
        return await handler({ req });
      } catch (err) {
        return handleError(err);
      }
    });
}
