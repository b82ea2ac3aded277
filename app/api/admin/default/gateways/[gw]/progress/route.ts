import { consoleRoute, json } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { gatewayProgress } from "@/lib/confirm/progress";
import { getGateway } from "@/lib/gateways/gateways";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => {
  const gw = await getGateway(db, idParam(params, "Gateway", "gw"));
  return json(await gatewayProgress(db, gw.id));
});
