import "server-only";
import type { z } from "zod";
import { resolveCaller, roleAllows, type Caller } from "../auth/caller";
import { PasswordHashBusyError } from "../crypto/password";
import { getDb, type Db } from "../db/client";
import { consoleOrigins } from "../env";
import type { Role } from "../db/schema";
import { isTransactionConflict, unavailableReason } from "../db/unavailable";
import { errorFields, log, withRequestLog } from "../log";
import { formatBytes, mediaType, readLimitedText } from "./body";
import {
  ApiError,
  conflict,
  databaseUnavailable,
  errorResponse,
  fieldIssues,
  forbidden,
  unauthorized,
  unprocessable,
} from "./errors";
import { forwardedOrigin } from "./forwarded";
import { jsonBoundaryIssue } from "./json-bounds";

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

/** Admin bodies are small JSON documents; a policy with 100 validators is far below this. */
export const ADMIN_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The JSON body of a write: `Content-Type: application/json` (parameters such as charset allowed)
 * or 415; at most `maxBytes` or 413 (reading stops there); no NUL characters and no deeper
 * nesting than MAX_JSON_DEPTH or 422 naming the field. An empty body is `undefined` (the schema
 * decides whether that is allowed).
 */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = mediaType(req);
  if (type !== null && type !== "application/json") throw unsupportedMediaType(type);
  const text = await readLimitedText(req, maxBytes);
  if (text === null) throw new ApiError("payload_too_large", `The request body is larger than ${formatBytes(maxBytes)}.`);
  if (text.trim() === "") return undefined;
  if (type === null) throw unsupportedMediaType(null);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw unprocessable("The request body is not valid JSON.");
  }
  const issue = jsonBoundaryIssue(value);
  if (issue) throw unprocessable(`The request body is invalid: ${issue.path} ${issue.message}.`, [issue]);
  return value;
}

function unsupportedMediaType(type: string | null): ApiError {
  return new ApiError(
    "unsupported_media_type",
    `Send the request body as JSON with Content-Type: application/json (${type === null ? "no Content-Type was given" : `got ${type}`}).`,
  );
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw unprocessable(`The ${what} is invalid.`, fieldIssues(result.error));
  return result.data;
}

/** The query string as an object; a NUL character in it is refused like one in a body. */
function queryOf(req: Request): Record<string, string> {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  const issue = jsonBoundaryIssue(query);
  if (issue) throw unprocessable(`The query string is invalid: ${issue.path} ${issue.message}.`, [issue]);
  return query;
}

async function flatParams(ctx: RouteContext | undefined): Promise<Record<string, string>> {
  const raw = (await ctx?.params) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string") out[k] = v;
  return out;
}

export function handleError(err: unknown): Response {
  if (err instanceof ApiError) return errorResponse(err);
  if (err instanceof PasswordHashBusyError) return errorResponse(new ApiError("busy", err.message));
  // A database that cannot be reached is the server's state, not a bug: 503 with the reason.
  const reason = unavailableReason(err);
  if (reason) {
    log.warn({ reason, error: errorFields(err) }, "answered 503: the database is unavailable");
    return errorResponse(databaseUnavailable(reason));
  }
  // PostgreSQL broke a deadlock or serialization conflict with a concurrent write: nothing was written.
  if (isTransactionConflict(err)) {
    log.warn({ error: errorFields(err) }, "answered 409: a concurrent write conflicted");
    return errorResponse(conflict("Another change was being made at the same time. Reload and try again."));
  }
  // Log the failure without request data or query parameters (which may hold secrets); answer without internals.
  log.error({ error: errorFields(err) }, "unhandled API error");
  return errorResponse(new ApiError("internal_error", "Something went wrong on the server. The error was logged."));
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
      const body = options.body ? parseWith(options.body, await readJsonBody(req, ADMIN_MAX_BODY_BYTES), "request body") : (undefined as TBody);
      const query = options.query ? parseWith(options.query, queryOf(req), "query string") : (undefined as TQuery);
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
