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
 * container; the others follow within ACP_RELOAD_INTERVAL.
 */
export async function recordConfigurationFetch(db: Db, gateway: Pick<Gateway, "id" | "configRevision" | "configFetchedRevision">, now = new Date()): Promise<void> {
  if (gateway.configFetchedRevision !== null && gateway.configFetchedRevision >= gateway.configRevision) return;
  try {
    await db
      .update(gateways)
      .set({ configFetchedRevision: gateway.configRevision, configFetchedAt: now })
      .where(and(eq(gateways.id, gateway.id), or(isNull(gateways.configFetchedRevision), lt(gateways.configFetchedRevision, gateway.configRevision))));
  } catch (err) {
    // A failed record never fails the authorizer's poll; the status stays "live at the next reload".
    log.error({ gateway_id: gateway.id, error: errorFields(err) }, "could not record a configuration fetch");
  }
}
