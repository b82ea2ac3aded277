import { getDb } from "../../db/client";
import { errorFields, log } from "../../log";
import { refreshEnforcement } from "./refresh";

/**
 * Background reads of every connected stage, so the status shown has a bounded age even when
 * nobody acts: every MONITOR_INTERVAL_MS, stages read less recently than that are read again
 * (paced by the same per-region quotas as everything else; at 5 GetResources per 2 s, 100
 * stages take 40 s of a minute's budget at most).
 */
export const MONITOR_INTERVAL_MS = 60_000;

const globalForMonitor = globalThis as unknown as { gatehouseEnforcementMonitor?: NodeJS.Timeout };

export function startEnforcementMonitor(intervalMs = MONITOR_INTERVAL_MS): void {
  if (globalForMonitor.gatehouseEnforcementMonitor) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await refreshEnforcement(await getDb(), { maxAgeMs: intervalMs / 2 });
    } catch (err) {
      log.error({ error: errorFields(err) }, "background enforcement read failed");
    } finally {
      running = false;
    }
  };
  globalForMonitor.gatehouseEnforcementMonitor = setInterval(() => void tick(), intervalMs);
  globalForMonitor.gatehouseEnforcementMonitor.unref?.();
  setTimeout(() => void tick(), 5000).unref?.();
}
