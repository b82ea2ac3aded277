import { consoleRoute, json } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { sendTestRequestBodySchema, sendTestRequest } from "@/lib/confirm/test-request";
import { getGateway } from "@/lib/gateways/gateways";

export const POST = consoleRoute({ role: "admin", body: sendTestRequestBodySchema }, async ({ db, params, body, caller }) => {
  const gw = await getGateway(db, idParam(params, "Gateway", "gw"));
  return json(await sendTestRequest(db, gw.id, body, caller.username), 200, { "Cache-Control": "no-store" });
});
