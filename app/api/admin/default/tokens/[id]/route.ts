import { consoleRoute, json } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { revokeToken } from "@/lib/tokens/service";

export const DELETE = consoleRoute({ role: "viewer" }, async ({ db, params, caller }) =>
  json(await revokeToken(db, idParam(params, "API token"), { id: caller.userId, role: caller.role }, caller)),
);
