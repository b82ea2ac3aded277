import { syncGatewayIfKnown } from "../../aws/authorizer-sync";
import type { Db } from "../../db/client";
import { errorFields, log } from "../../log";
import { refreshEnforcement } from "./refresh";

/**
 * After a group is connected or disconnected: ask the gateway's authorizer to sync now (so it
 * attaches or detaches within seconds, not at its next scheduled run), then read the stages'
 * status from AWS again. Runs in the background of the request that made the change; without a
 * known function (no stack from the console) only the status is read.
 */
const globalForAfter = globalThis as unknown as { gatehouseAfterChange?: Map<string, Promise<void>> };

export function syncAndRefreshSoon(db: Db, gatewayId: string): Promise<void> {
  const running = (globalForAfter.gatehouseAfterChange ??= new Map<string, Promise<void>>());
  const prior = running.get(gatewayId) ?? Promise.resolve();
  const next: Promise<void> = prior
    .then(async () => {
      await syncGatewayIfKnown(db, gatewayId).catch((err: unknown) => log.error({ gateway_id: gatewayId, error: errorFields(err) }, "sync now of a gateway failed"));
      await refreshEnforcement(db, { gatewayId });
    })
    .catch((err: unknown) => log.error({ gateway_id: gatewayId, error: errorFields(err) }, "status refresh of a gateway failed"))
    .finally(() => {
      if (running.get(gatewayId) === next) running.delete(gatewayId);
    });
  running.set(gatewayId, next);
  return next;
}
