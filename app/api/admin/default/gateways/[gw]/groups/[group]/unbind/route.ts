import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { syncAndRefreshSoon } from "@/lib/enforcement/aws/after-change";
import { unbindGroup } from "@/lib/gateways/groups";
import { groupParam } from "@/lib/gateways/params";

export const DELETE = consoleRoute({ role: "admin" }, async ({ db, caller, params }) => {
  const gatewayId = idParam(params, "Gateway", "gw");
  const group = await unbindGroup(db, caller, gatewayId, groupParam(params));
  void syncAndRefreshSoon(db, gatewayId);
  return json(group);
});
