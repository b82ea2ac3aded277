import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { gatewayEnforcementOverview } from "@/lib/enforcement/gateway-overview";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) =>
  json(await gatewayEnforcementOverview(db, idParam(params, "Gateway", "gw")), 200, { "Cache-Control": "no-store" }),
);
