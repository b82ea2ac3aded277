import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { syncAndRefreshSoon } from "@/lib/enforcement/aws/after-change";
import { bindGroup } from "@/lib/gateways/groups";
import { groupParam } from "@/lib/gateways/params";
import { bindGroupBodySchema } from "@/lib/gateways/schemas";

/** Connect: `{service_id}` (existing) or `{service: {name, description?}}` (new). */
export const POST = consoleRoute({ role: "admin", body: bindGroupBodySchema }, async ({ db, caller, params, body }) => {
  const gatewayId = idParam(params, "Gateway", "gw");
  const group = await bindGroup(db, caller, gatewayId, groupParam(params), body);
  // The authorizer attaches at once (sync now), not at its next scheduled run.
  void syncAndRefreshSoon(db, gatewayId);
  return json(group);
});
