import { etagOf, requireVersion } from "@/lib/api/if-match";
import { idParam } from "@/lib/api/params";
import { consoleRoute, json, noContent } from "@/lib/api/route";
import { deleteGateway, getGateway, updateGateway } from "@/lib/gateways/gateways";
import { updateGatewayBodySchema } from "@/lib/gateways/schemas";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => {
  const view = await getGateway(db, idParam(params, "Gateway", "gw"));
  return json(view, 200, { ETag: etagOf(view.version) });
});

export const PUT = consoleRoute({ role: "admin", body: updateGatewayBodySchema }, async ({ req, db, caller, params, body }) =>
  json(await updateGateway(db, caller, idParam(params, "Gateway", "gw"), requireVersion(req, body))),
);

export const DELETE = consoleRoute({ role: "admin" }, async ({ db, caller, params }) => {
  await deleteGateway(db, caller, idParam(params, "Gateway", "gw"));
  return noContent();
});
