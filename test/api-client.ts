import { createToken } from "@/lib/tokens/service";
import { createUser } from "@/lib/users/service";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import type { RouteHandler } from "@/lib/api/route";
import type { AuditActor } from "@/lib/audit/record";
import { checkAdminExchange } from "./admin-contract";

/**
 * Integration-test helpers: a user with an admin API token, and a way to call route handlers.
 * Every admin API call is checked against the OpenAPI document (test/admin-contract.ts).
 */
export const BASE = "http://localhost:3999";

/** Who the audit log names for what tests set up directly (not through a route). */
export const TEST_SETUP: AuditActor = { userId: null, username: "test-setup" };

let counter = 0;
export async function userWithToken(role: Role): Promise<{ id: string; username: string; token: string }> {
  const db = await getDb();
  const username = `${role}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const user = await createUser(db, { username, password: "integration-password-1", role }, TEST_SETUP);
  const { secret } = await createToken(db, { id: user.id, role }, `${username}-token`, { userId: user.id, username });
  return { id: user.id, username, token: secret };
}

export async function call(
  handler: RouteHandler,
  opts: { method?: string; path?: string; token?: string; body?: unknown; rawBody?: string; params?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers.set("content-type", "application/json");
  }
  const url = `${BASE}${opts.path ?? "/api/test"}`;
  const res = await handler(new Request(url, { method: opts.method ?? "GET", headers, body }), {
    params: Promise.resolve(opts.params ?? {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  let requestBody: unknown = opts.body;
  if (requestBody === undefined && opts.rawBody !== undefined) {
    try {
      requestBody = JSON.parse(opts.rawBody);
    } catch {
      requestBody = opts.rawBody;
    }
  }
  await checkAdminExchange({ handler, method: opts.method ?? "GET", url, requestBody, status: res.status, responseBody: parsed, headers: res.headers });
  return { status: res.status, body: parsed, headers: res.headers };
}
