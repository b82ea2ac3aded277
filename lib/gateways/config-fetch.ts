import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { gateways, type Gateway } from "../db/schema";
import { errorFields, log } from "../log";

/**
 * The authorizer's own report of what it enforces: each configuration fetch (200 or 304) says it
 * holds the revision the console read *before* building the document, so everything committed up
 * to that revision is in what it got. Only a newer revision is written (once per change, not once
 * per poll), with the time it was first fetched — the moment the change became live in that
 * container; the others follow within the reload interval, which the fetch reports too
 * (`reload_interval_ms`, written only when it differs from the one recorded).
 */
export async function recordConfigurationFetch(
  db: Db,
  gateway: Pick<Gateway, "id" | "configRevision" | "configFetchedRevision" | "reportedReloadIntervalMs">,
  reloadIntervalMs: number | undefined,
  now = new Date(),
): Promise<void> {
  const newRevision = gateway.configFetchedRevision === null || gateway.configFetchedRevision < gateway.configRevision;
  const newInterval = reloadIntervalMs !== undefined && reloadIntervalMs !== gateway.reportedReloadIntervalMs;
  if (!newRevision && !newInterval) return;
  const interval = newInterval ? { reportedReloadIntervalMs: reloadIntervalMs } : {};
  try {
    if (newRevision) {
      // If another container's fetch wrote the revision first, this one's interval waits for its next poll.
      await db
        .update(gateways)
        .set({ configFetchedRevision: gateway.configRevision, configFetchedAt: now, ...interval })
        .where(and(eq(gateways.id, gateway.id), or(isNull(gateways.configFetchedRevision), lt(gateways.configFetchedRevision, gateway.configRevision))));
    } else {
      await db.update(gateways).set(interval).where(eq(gateways.id, gateway.id));
    }
  } catch (err) {
    // A failed record never fails the authorizer's poll; the status stays "live at the next reload".
    log.error({ gateway_id: gateway.id, error: errorFields(err) }, "could not record a configuration fetch");
  }
}
