import { requireVersion, versionedJson } from "@/lib/api/if-match";
import { idParam } from "@/lib/api/params";
import { consoleRoute } from "@/lib/api/route";
import { promoteShadow } from "@/lib/enforcement/assign";
import { promoteShadowBodySchema } from "@/lib/enforcement/schemas";

export const POST = consoleRoute({ role: "admin", body: promoteShadowBodySchema }, async ({ req, db, params, caller, body }) =>
  versionedJson(await promoteShadow(db, caller, idParam(params, "API", "api"), requireVersion(req, body ?? {}).version)),
);
