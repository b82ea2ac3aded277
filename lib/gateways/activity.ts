import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { gateways } from "../db/schema";
import { errorFields, log } from "../log";
import { BoundedMap } from "../../protocol/bounded-map";

/**
 * Connection status: every system call marks its gateway active, and records the authorizer's
 * `?authorizer_version=` when it sends one. Thousands of warm containers poll, so one console
 * process writes a gateway's last_active at most once per TOUCH_INTERVAL_MS — sooner only when
 * the reported version changes. At most MAX_TRACKED gateways are remembered (the one touched
 * longest ago is forgotten first, which only costs it an early write). A failed write never fails the call.
 */
export const TOUCH_INTERVAL_MS = 10_000;
const MAX_TRACKED = 10_000;

const lastWrite = new BoundedMap<string, { at: number; version: string | undefined }>(MAX_TRACKED);

export async function touchGateway(db: Db, gatewayId: string, authorizerVersion: string | undefined, now = Date.now()): Promise<void> {
  const previous = lastWrite.get(gatewayId);
  const versionChanged = authorizerVersion !== undefined && authorizerVersion !== previous?.version;
  if (previous && now - previous.at < TOUCH_INTERVAL_MS && !versionChanged) return;
  lastWrite.set(gatewayId, { at: now, version: authorizerVersion ?? previous?.version });
  try {
    await db
      .update(gateways)
      .set({ lastActiveAt: new Date(now), ...(authorizerVersion !== undefined ? { lastAuthorizerVersion: authorizerVersion } : {}) })
      .where(eq(gateways.id, gatewayId));
  } catch (err) {
    lastWrite.delete(gatewayId);
    log.error({ gateway_id: gatewayId, error: errorFields(err) }, "could not record gateway activity");
  }
}

/** For tests. */
export function resetActivityThrottle(): void {
  lastWrite.clear();
}
