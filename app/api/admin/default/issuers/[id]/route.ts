import { requireVersion, versionedJson } from "@/lib/api/if-match";
import { idParam } from "@/lib/api/params";
import { consoleRoute, noContent } from "@/lib/api/route";
import { updateIssuerBodySchema } from "@/lib/issuers/schemas";
import { deleteIssuer, getIssuer, toIssuerView, updateIssuer } from "@/lib/issuers/service";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => {
  const view = toIssuerView(await getIssuer(db, idParam(params, "Trusted issuer")));
  return versionedJson(view);
});

export const PUT = consoleRoute({ role: "admin", body: updateIssuerBodySchema }, async ({ req, db, caller, params, body }) =>
  versionedJson(await updateIssuer(db, caller, idParam(params, "Trusted issuer"), requireVersion(req, body))),
);

export const DELETE = consoleRoute({ role: "admin" }, async ({ db, caller, params }) => {
  await deleteIssuer(db, caller, idParam(params, "Trusted issuer"));
  return noContent();
});
