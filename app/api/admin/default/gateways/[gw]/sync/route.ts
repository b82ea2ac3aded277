import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { syncGatewayNow } from "@/lib/aws/authorizer-sync";
import { refreshEnforcement } from "@/lib/enforcement/aws/refresh";
import { getGateway } from "@/lib/gateways/gateways";

/** Sync now: the authorizer discovers and attaches at once; the status is read from AWS right after. */
export const POST = consoleRoute({ role: "admin" }, async ({ db, params, caller }) => {
  const gw = await getGateway(db, idParam(params, "Gateway", "gw"));
  const sync = await syncGatewayNow(db, gw.id, caller);
  const refreshed = await refreshEnforcement(db, { gatewayId: gw.id });
  return json({ sync, refreshed }, 200, { "Cache-Control": "no-store" });
});
