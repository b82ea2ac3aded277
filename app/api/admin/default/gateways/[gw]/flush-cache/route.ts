import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { flushGatewayCaches } from "@/lib/enforcement/aws/flush";
import { getGateway } from "@/lib/gateways/gateways";

/** Flush authorizer cache: every connected stage of the gateway (FlushStageAuthorizersCache). */
export const POST = consoleRoute({ role: "admin" }, async ({ db, params, caller }) => {
  const gw = await getGateway(db, idParam(params, "Gateway", "gw"));
  return json(await flushGatewayCaches(db, caller, gw.id), 200, { "Cache-Control": "no-store" });
});
