import { startBackgroundLoop } from "../../background-loop";
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

export function startEnforcementMonitor(intervalMs = MONITOR_INTERVAL_MS): void {
  startBackgroundLoop("enforcement-monitor", {
    intervalMs,
    firstRunAfterMs: 5000,
    run: async () => refreshEnforcement(await getDb(), { maxAgeMs: intervalMs / 2 }),
    onError: (err) => log.error({ error: errorFields(err) }, "background enforcement read failed"),
  });
}
