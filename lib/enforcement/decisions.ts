import "server-only";
import { and, eq, gte, inArray, isNotNull, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { unprocessable } from "../api/errors";
import type { Db } from "../db/client";
import { decisionEvents } from "../db/schema";

/** Decision counts and time series over the events authorizers push (`POST …/gateways/requests`). */

export interface DecisionCounts {
  authorized: number;
  unauthorized: number;
}

const DAY_MS = 24 * 3600 * 1000;

const authorizedCount = sql<number>`count(*) filter (where ${decisionEvents.result} = 'AUTHORIZED')::int`.mapWith(Number);
const unauthorizedCount = sql<number>`count(*) filter (where ${decisionEvents.result} = 'UNAUTHORIZED')::int`.mapWith(Number);

/** Per API id (as the authorizer sends it), the decisions of the 24 hours before `now`. */
export async function decisionCounts24h(db: Db, apiIds: string[], now = new Date()): Promise<Map<string, DecisionCounts>> {
  const out = new Map<string, DecisionCounts>();
  if (apiIds.length === 0) return out;
  const rows = await db
    .select({ apiId: decisionEvents.apiId, authorized: authorizedCount, unauthorized: unauthorizedCount })
    .from(decisionEvents)
    .where(and(inArray(decisionEvents.apiId, apiIds), gte(decisionEvents.at, new Date(now.getTime() - DAY_MS)), lte(decisionEvents.at, now)))
    .groupBy(decisionEvents.apiId);
  for (const r of rows) if (r.apiId) out.set(r.apiId, { authorized: r.authorized, unauthorized: r.unauthorized });
  return out;
}

/**
 * What an API's shadow policy would have answered over the 24 hours before `now`: decisions that
 * evaluated that very policy as the shadow (a previous shadow's results do not count for the new
 * one). Only decisions the authorizer made are counted — answers API Gateway served from its
 * authorizer cache never reach the authorizer.
 */
export interface ShadowCounts {
  total: number;
  would_deny: number;
  broken: number;
}

export async function shadowCounts24h(db: Db, shadows: { apiId: string; policyId: string }[], now = new Date()): Promise<Map<string, ShadowCounts>> {
  const out = new Map<string, ShadowCounts>();
  if (shadows.length === 0) return out;
  const rows = await db
    .select({
      apiId: decisionEvents.apiId,
      policyId: decisionEvents.shadowPolicyId,
      total: sql<number>`count(*)::int`.mapWith(Number),
      wouldDeny: sql<number>`count(*) filter (where ${decisionEvents.shadowResult} = 'deny')::int`.mapWith(Number),
      broken: sql<number>`count(*) filter (where ${decisionEvents.shadowResult} = 'broken')::int`.mapWith(Number),
    })
    .from(decisionEvents)
    .where(
      and(
        inArray(decisionEvents.apiId, shadows.map((s) => s.apiId)),
        isNotNull(decisionEvents.shadowResult),
        gte(decisionEvents.at, new Date(now.getTime() - DAY_MS)),
        lte(decisionEvents.at, now),
      ),
    )
    .groupBy(decisionEvents.apiId, decisionEvents.shadowPolicyId);
  const wanted = new Map(shadows.map((s) => [s.apiId, s.policyId.toLowerCase()]));
  for (const r of rows) {
    if (r.apiId && r.policyId && wanted.get(r.apiId) === r.policyId.toLowerCase()) out.set(r.apiId, { total: r.total, would_deny: r.wouldDeny, broken: r.broken });
  }
  return out;
}

/** Bucket widths the chart may ask for; the SQL interval literal comes from this table only. */
const BUCKETS = {
  "5m": { seconds: 300, interval: "5 minutes" },
  "15m": { seconds: 900, interval: "15 minutes" },
  "1h": { seconds: 3600, interval: "1 hour" },
  "6h": { seconds: 21600, interval: "6 hours" },
  "1d": { seconds: 86400, interval: "1 day" },
} as const;
const MAX_BUCKETS = 1000;

export const decisionSeriesQuerySchema = z.strictObject({
  hours: z.coerce.number().int("hours must be a whole number").min(1).max(720, "at most 720 hours (30 days)").default(24),
  bucket: z.enum(Object.keys(BUCKETS) as [keyof typeof BUCKETS, ...(keyof typeof BUCKETS)[]]).default("1h"),
  gateway_id: z.uuid("gateway_id must be a uuid").optional(),
  api_id: z.string().trim().min(1).max(200).optional(),
});
export type DecisionSeriesQuery = z.infer<typeof decisionSeriesQuerySchema>;

export interface DecisionBucket extends DecisionCounts {
  start: string;
  /** Decisions (whatever the answer) that the API's shadow policy would have denied. */
  shadow_would_deny: number;
}

/**
 * Decisions per time bucket over the last `hours`, every bucket present (zeros included).
 * Buckets are aligned to the Unix epoch with date_bin (PostgreSQL ≥ 14, PGlite).
 */
export async function decisionSeries(db: Db, query: DecisionSeriesQuery, now = new Date()): Promise<DecisionBucket[]> {
  const bucket = BUCKETS[query.bucket];
  const stepMs = bucket.seconds * 1000;
  const fromMs = Math.floor((now.getTime() - query.hours * 3600 * 1000) / stepMs) * stepMs;
  const count = Math.floor((now.getTime() - fromMs) / stepMs) + 1;
  if (count > MAX_BUCKETS) {
    throw unprocessable(`That asks for ${count} buckets; at most ${MAX_BUCKETS}: use a wider bucket.`, [
      { path: "bucket", message: "too narrow for this many hours" },
    ]);
  }
  const conditions: SQL[] = [gte(decisionEvents.at, new Date(fromMs)), lte(decisionEvents.at, now)];
  if (query.gateway_id) conditions.push(eq(decisionEvents.gatewayId, query.gateway_id));
  if (query.api_id) conditions.push(eq(decisionEvents.apiId, query.api_id));
  const binned = sql`date_bin(${sql.raw(`interval '${bucket.interval}'`)}, ${decisionEvents.at}, timestamptz '1970-01-01 00:00:00+00')`;
  const rows = await db
    .select({
      startEpoch: sql<number>`extract(epoch from ${binned})::float8`.mapWith(Number),
      authorized: authorizedCount,
      unauthorized: unauthorizedCount,
      shadowWouldDeny: sql<number>`count(*) filter (where ${decisionEvents.shadowResult} = 'deny')::int`.mapWith(Number),
    })
    .from(decisionEvents)
    .where(and(...conditions))
    .groupBy(binned);
  const byStart = new Map(rows.map((r) => [Math.round(r.startEpoch * 1000), r]));
  const out: DecisionBucket[] = [];
  for (let i = 0; i < count; i++) {
    const start = fromMs + i * stepMs;
    const row = byStart.get(start);
    out.push({ start: new Date(start).toISOString(), authorized: row?.authorized ?? 0, unauthorized: row?.unauthorized ?? 0, shadow_would_deny: row?.shadowWouldDeny ?? 0 });
  }
  return out;
}
