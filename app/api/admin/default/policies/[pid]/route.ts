import { requireVersion, versionedJson } from "@/lib/api/if-match";
import { idParam } from "@/lib/api/params";
import { consoleRoute, noContent } from "@/lib/api/route";
import { updatePolicyBodySchema } from "@/lib/policies/schemas";
import { deletePolicy, getPolicy, updatePolicy } from "@/lib/policies/service";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => {
  const view = await getPolicy(db, idParam(params, "Policy", "pid"));
  return versionedJson(view);
});

export const PUT = consoleRoute({ role: "admin", body: updatePolicyBodySchema }, async ({ req, db, caller, params, body }) =>
  versionedJson(await updatePolicy(db, caller, idParam(params, "Policy", "pid"), requireVersion(req, body))),
);

export const DELETE = consoleRoute({ role: "admin" }, async ({ db, caller, params }) => {
  await deletePolicy(db, caller, idParam(params, "Policy", "pid"));
  return noContent();
});
