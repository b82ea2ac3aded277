import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { revealClient } from "@/lib/gateways/client";

/** Settings › reveal: the client secret in clear, admins only, never cached. */
export const GET = consoleRoute({ role: "admin" }, async ({ db, caller, params }) =>
  json(await revealClient(db, caller, idParam(params, "Gateway", "gw")), 200, { "Cache-Control": "no-store" }),
);
