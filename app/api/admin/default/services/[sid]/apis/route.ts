import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { listServiceApis } from "@/lib/gateways/services";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => json({ apis: await listServiceApis(db, idParam(params, "Service", "sid")) }));
