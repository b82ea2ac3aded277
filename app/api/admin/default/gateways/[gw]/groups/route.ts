import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { listGroups } from "@/lib/gateways/groups";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => json({ groups: await listGroups(db, idParam(params, "Gateway", "gw")) }));
