import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { bindGroup } from "@/lib/gateways/groups";
import { groupParam } from "@/lib/gateways/params";
import { bindGroupBodySchema } from "@/lib/gateways/schemas";

/** Connect: `{service_id}` (existing) or `{service: {name, description?}}` (new). */
export const POST = consoleRoute({ role: "admin", body: bindGroupBodySchema }, async ({ db, caller, params, body }) =>
  json(await bindGroup(db, caller, idParam(params, "Gateway", "gw"), groupParam(params), body)),
);
