import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { rotateClientSecret } from "@/lib/gateways/client";

/** A new client secret; the old one (and tokens issued with it) stop working at once. */
export const POST = consoleRoute({ role: "admin" }, async ({ db, caller, params }) =>
  json(await rotateClientSecret(db, caller, idParam(params, "Gateway", "gw")), 200, { "Cache-Control": "no-store" }),
);
