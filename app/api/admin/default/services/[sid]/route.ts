import { requireVersion, versionedJson } from "@/lib/api/if-match";
import { idParam } from "@/lib/api/params";
import { consoleRoute, noContent } from "@/lib/api/route";
import { updateServiceBodySchema } from "@/lib/gateways/schemas";
import { deleteService, getService, updateService } from "@/lib/gateways/services";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => {
  const view = await getService(db, idParam(params, "Service", "sid"));
  return versionedJson(view);
});

export const PUT = consoleRoute({ role: "admin", body: updateServiceBodySchema }, async ({ req, db, caller, params, body }) =>
  versionedJson(await updateService(db, caller, idParam(params, "Service", "sid"), requireVersion(req, body))),
);

/** 409 while an API group is bound to the service. */
export const DELETE = consoleRoute({ role: "admin" }, async ({ db, caller, params }) => {
  await deleteService(db, caller, idParam(params, "Service", "sid"));
  return noContent();
});
