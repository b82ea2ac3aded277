import { requireVersion, versionedJson } from "@/lib/api/if-match";
import { notFound } from "@/lib/api/errors";
import { idParam } from "@/lib/api/params";
import { consoleRoute } from "@/lib/api/route";
import { getApiView } from "@/lib/enforcement/apis";
import { assignPolicy } from "@/lib/enforcement/assign";
import { updateApiBodySchema } from "@/lib/enforcement/schemas";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => {
  const view = await getApiView(db, idParam(params, "API", "api"));
  if (!view) throw notFound("API");
  return versionedJson(view);
});

export const PUT = consoleRoute({ role: "admin", body: updateApiBodySchema }, async ({ req, db, params, caller, body }) =>
  versionedJson(await assignPolicy(db, caller, idParam(params, "API", "api"), requireVersion(req, body))),
);
