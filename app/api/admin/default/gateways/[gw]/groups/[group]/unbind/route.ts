import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { unbindGroup } from "@/lib/gateways/groups";
import { groupParam } from "@/lib/gateways/params";

export const DELETE = consoleRoute({ role: "admin" }, async ({ db, caller, params }) =>
  json(await unbindGroup(db, caller, idParam(params, "Gateway", "gw"), groupParam(params))),
);
