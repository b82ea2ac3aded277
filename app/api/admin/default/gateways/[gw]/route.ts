import { requireVersion, versionedJson } from "@/lib/api/if-match";
import { idParam } from "@/lib/api/params";
import { consoleRoute, noContent } from "@/lib/api/route";
import { deleteGateway, getGateway, updateGateway } from "@/lib/gateways/gateways";
import { updateGatewayBodySchema } from "@/lib/gateways/schemas";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => {
  const view = await getGateway(db, idParam(params, "Gateway", "gw"));
  return versionedJson(view);
});

export const PUT = consoleRoute({ role: "admin", body: updateGatewayBodySchema }, async ({ req, db, caller, params, body }) =>
  versionedJson(await updateGateway(db, caller, idParam(params, "Gateway", "gw"), requireVersion(req, body))),
);

export const DELETE = consoleRoute({ role: "admin" }, async ({ db, caller, params }) => {
  await deleteGateway(db, caller, idParam(params, "Gateway", "gw"));
  return noContent();
});
