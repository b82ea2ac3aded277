import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { backgroundLoop, startBackgroundLoop } from "../background-loop";
import type { Db } from "../db/client";
import { gateways, trustedIssuers, type TrustedIssuer } from "../db/schema";
import { stackDurationMs } from "../../protocol/settings/go-duration";
import { mergeSettings } from "../gateways/settings";
import { FetchProblem, fetchJson } from "./fetch";

/**
 * The trusted issuers' JWK Sets, fetched by the console in the background and stored with the
 * issuer, so the configuration document can carry them (`trusted_issuers[].jwks` +
 * `jwks_fetched_at`, docs/enforcement.md § Embedded JWKS) and a cold authorizer starts without
 * fetching them itself.
 *
 * The document stays a pure function of the database, and it changes only through a write that
 * bumps every gateway's `config_revision` in the same transaction:
 * - keys that differ from the stored ones (another set of public members) are stored with the
 *   fetch time → every gateway's revision is bumped;
 * - the same keys change nothing — unless the stored fetch time is older than half of the
 *   smallest JWKS_MAX_AGE of any gateway (at least REFRESH_INTERVAL_MS): then it is re-stamped
 *   (a bump), so that a cold authorizer still finds them young enough to use;
 * - a failed fetch changes nothing: the stored keys age, and authorizers stop using them past
 *   their JWKS_MAX_AGE (they fetch the JWKS themselves, and refuse tokens when they cannot).
 * Each fetch has the 5 s timeout and 1 MB limit of fetch.ts; at most CONCURRENCY run at once.
 * The write is conditional on the issuer's jwks_uri being the one fetched, so an admin's edit
 * made meanwhile is never overwritten with keys of the old URI.
 */
export const REFRESH_INTERVAL_MS = 60_000;
const CONCURRENCY = 4;
const MAX_KEYS = 100;
const DEFAULT_MAX_AGE_MS = 10 * 60_000;

export type JwkSet = { keys: Record<string, unknown>[] };
export type RefreshOutcome = "changed" | "restamped" | "unchanged" | "failed";

/** The public members of signing keys, in the issuer's order (what authorizers may use). */
export function publicJwkSet(body: unknown): JwkSet | null {
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) return null;
  const MEMBERS = ["kty", "kid", "alg", "use", "crv", "n", "e", "x", "y"] as const;
  const out: Record<string, unknown>[] = [];
  for (const k of keys) {
    if (!k || typeof k !== "object" || Array.isArray(k)) continue;
    const j = k as Record<string, unknown>;
    if (j.use !== undefined && j.use !== "sig") continue;
    if (j.kty !== "RSA" && j.kty !== "EC" && j.kty !== "OKP") continue; // never a symmetric or private-only key
    const pub: Record<string, unknown> = {};
    for (const m of MEMBERS) if (typeof j[m] === "string") pub[m] = j[m];
    out.push(pub);
    if (out.length >= MAX_KEYS) break;
  }
  return { keys: out };
}

/** Keys in order, each key's members sorted: jsonb does not keep the order members were written in. */
function canonical(set: JwkSet): string {
  return JSON.stringify(set.keys.map((k) => Object.keys(k).sort().map((m) => [m, k[m]])));
}

/** Half the smallest JWKS_MAX_AGE a gateway uses, but never below the refresh interval. */
async function restampAfterMs(db: Db): Promise<number> {
  const rows = await db.select({ settings: gateways.settings }).from(gateways);
  const ages = rows.map((r) => stackDurationMs(mergeSettings(r.settings).JWKS_MAX_AGE) ?? DEFAULT_MAX_AGE_MS);
  return Math.max(REFRESH_INTERVAL_MS, Math.min(DEFAULT_MAX_AGE_MS, ...ages) / 2);
}

async function bumpAllGateways(tx: Db): Promise<void> {
  await tx.update(gateways).set({ configRevision: sql`${gateways.configRevision} + 1` });
}

/** One issuer: fetch, compare, store when the document must change. */
export async function refreshIssuerJwks(db: Db, issuer: TrustedIssuer, opts: { now?: Date; restampAfterMs?: number } = {}): Promise<RefreshOutcome> {
  let set: JwkSet | null;
  try {
    set = publicJwkSet(await fetchJson(issuer.jwksUri));
  } catch (err) {
    if (err instanceof FetchProblem) return "failed";
    throw err;
  }
  if (!set) return "failed";
  const now = opts.now ?? new Date();
  const same = issuer.jwks !== null && canonical(issuer.jwks) === canonical(set);
  if (same) {
    const restampAfter = opts.restampAfterMs ?? (await restampAfterMs(db));
    const age = issuer.jwksFetchedAt ? now.getTime() - issuer.jwksFetchedAt.getTime() : Number.POSITIVE_INFINITY;
    if (age < restampAfter) return "unchanged";
  }
  const written = await db.transaction(async (tx) => {
    const rows = await tx
      .update(trustedIssuers)
      .set({ jwks: set, jwksFetchedAt: now })
      .where(and(eq(trustedIssuers.id, issuer.id), eq(trustedIssuers.jwksUri, issuer.jwksUri)))
      .returning({ id: trustedIssuers.id });
    if (rows.length > 0) await bumpAllGateways(tx);
    return rows.length > 0;
  });
  if (!written) return "unchanged"; // the issuer was edited or deleted meanwhile
  return same ? "restamped" : "changed";
}

/** Every enabled issuer, CONCURRENCY at a time. */
export async function refreshAllIssuerJwks(db: Db, opts: { now?: Date } = {}): Promise<Record<RefreshOutcome, number>> {
  const issuers = await db.select().from(trustedIssuers).where(eq(trustedIssuers.enabled, true));
  const restampAfter = await restampAfterMs(db);
  const counts: Record<RefreshOutcome, number> = { changed: 0, restamped: 0, unchanged: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < issuers.length) {
      const issuer = issuers[next++]!;
      counts[await refreshIssuerJwks(db, issuer, { ...opts, restampAfterMs: restampAfter })]++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, issuers.length) }, worker));
  return counts;
}

const LOOP = "issuer-jwks-refresh";

/** Starts the background refresh (once per process); `kickIssuerJwksRefresh` runs one now. */
export function startIssuerJwksRefresh(getDb: () => Promise<Db>, intervalMs = REFRESH_INTERVAL_MS): void {
  startBackgroundLoop(LOOP, {
    intervalMs,
    firstRunAfterMs: 1000,
    run: async () => refreshAllIssuerJwks(await getDb()),
    onError: (err) => console.error(`[gatehouse] background JWKS refresh failed: ${(err as Error).message}`),
  });
}

/** After an issuer was added or its jwks_uri changed: fetch its keys now rather than within a minute. */
export function kickIssuerJwksRefresh(): void {
  backgroundLoop(LOOP)?.kick();
}
