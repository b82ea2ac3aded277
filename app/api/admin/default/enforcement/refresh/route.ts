import { consoleRoute, json } from "@/lib/api/route";
import { refreshEnforcement } from "@/lib/enforcement/aws/refresh";
import { refreshEnforcementBodySchema } from "@/lib/enforcement/aws/schemas";
import { getGateway } from "@/lib/gateways/gateways";

/** Refresh: read every connected stage (of one gateway, or all) from AWS now. Reads only. */
export const POST = consoleRoute({ role: "viewer", body: refreshEnforcementBodySchema }, async ({ db, body }) => {
  if (body?.gateway_id) await getGateway(db, body.gateway_id);
  return json(await refreshEnforcement(db, { gatewayId: body?.gateway_id }), 200, { "Cache-Control": "no-store" });
});
