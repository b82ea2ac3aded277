import "server-only";
import { ApiError } from "../api/errors";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { apiGroups, apis, decisionEvents, type Gateway } from "../db/schema";
import { scrubCredentials } from "../../protocol/credential-keys";
import type { GatewayRequestEvent } from "../../protocol/decision-events";
import { log } from "../log";
import { eventBudgetRetryAfter, takeEventBudget } from "./events-rate";

/**
 * `POST …/gateways/requests`: decision events of one gateway's authorizer.
 * - Rate limit (`events_per_second`, see events-rate.ts): a batch that only partly fits is
 *   stored up to the budget, the rest dropped and counted — 200 with
 *   `number_of_pushed_events` (stored) and `number_of_dropped_events`; a batch when the budget
 *   is empty is refused whole: 429 with Retry-After, nothing stored.
 * - An `api_id` that is not an API this gateway serves is stored as null (no gateway can add
 *   to another's statistics). Raw tokens are never stored: a `token` property is ignored, and
 *   credential-like keys of `invocation_ctx` (protocol/credential-keys.ts) are removed.
 * - The shadow result (`shadow`) and the request's method, path and header names (`request`) are
 *   stored for the console's shadow counts and replays (docs/shadow-policies.md); a path loses
 *   any query string, header names are kept without values.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CTX_BYTES = 16_384;
const CHUNK = 500;

function invocationCtx(ctx: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!ctx) return null;
  const clean = scrubCredentials(ctx) as Record<string, unknown>;
  return JSON.stringify(clean).length > MAX_CTX_BYTES ? { truncated: true } : clean;
}

/** The path without a query string or fragment: logs and stored events never carry query parameters. */
function requestPath(path: string): string {
  return path.replace(/[?#].*$/s, "");
}

async function apisOfGateway(db: Db, gatewayId: string, ids: string[]): Promise<Set<string>> {
  const candidates = [...new Set(ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
  if (candidates.length === 0) return new Set();
  const rows = await db
    .select({ id: apis.id })
    .from(apis)
    .innerJoin(apiGroups, eq(apiGroups.serviceId, apis.serviceId))
    .where(and(eq(apiGroups.gatewayId, gatewayId), inArray(apis.id, candidates)));
  return new Set(rows.map((r) => r.id));
}

const lastDropLog = new Map<string, number>();

function logDropped(gateway: Gateway, dropped: number): void {
  const now = Date.now();
  if (now - (lastDropLog.get(gateway.id) ?? 0) < 60_000) return;
  lastDropLog.set(gateway.id, now);
  log.warn({ gateway_id: gateway.id, dropped_events: dropped, events_per_second: gateway.eventsPerSecond }, "decision events over the gateway's limit were dropped");
}

export async function storeDecisionEvents(
  db: Db,
  gateway: Gateway,
  events: GatewayRequestEvent[],
): Promise<{ number_of_pushed_events: number; number_of_dropped_events: number }> {
  if (events.length === 0) return { number_of_pushed_events: 0, number_of_dropped_events: 0 };
  const granted = takeEventBudget(gateway.id, gateway.eventsPerSecond, events.length);
  if (granted === 0) {
    const retryAfter = Math.max(1, eventBudgetRetryAfter(gateway.id, gateway.eventsPerSecond));
    logDropped(gateway, events.length);
    throw new ApiError("rate_limited", `Over the gateway's limit of ${gateway.eventsPerSecond} events per second; nothing was stored.`, {
      headers: { "Retry-After": String(retryAfter) },
    });
  }
  const kept = events.slice(0, granted);
  const known = await apisOfGateway(db, gateway.id, kept.map((e) => e.api_id ?? ""));
  const now = new Date();
  const rows = kept.map((e) => ({
    gatewayId: gateway.id,
    apiId: e.api_id && known.has(e.api_id.toLowerCase()) ? e.api_id.toLowerCase() : null,
    at: now,
    result: e.result.result,
    durationMs: e.duration_ms ?? null,
    failures: e.result.failure ?? null,
    invocationCtx: invocationCtx(e.invocation_ctx),
    userAgent: e.user_agent ?? null,
    xForwardedFor: e.x_forwarded_for ?? null,
    xRealIp: e.x_real_ip ?? null,
    shadowPolicyId: e.shadow?.policy_id ?? null,
    shadowResult: e.shadow?.result ?? null,
    shadowFailures: e.shadow?.failure ?? null,
    requestMethod: e.request?.method ?? null,
    requestPath: e.request ? requestPath(e.request.path) : null,
    requestHeaderNames: e.request ? [...new Set(e.request.header_names)].sort() : null,
  }));
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(decisionEvents).values(rows.slice(i, i + CHUNK));
  });
  const dropped = events.length - granted;
  if (dropped > 0) logDropped(gateway, dropped);
  return { number_of_pushed_events: granted, number_of_dropped_events: dropped };
}
