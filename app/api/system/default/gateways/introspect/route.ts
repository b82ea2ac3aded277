import { json } from "@/lib/api/route";
import { systemRoute } from "@/lib/api/system-route";
import { introspect, readTokenParameter } from "@/lib/oauth/introspect";

/** RFC 7662 for the gateway: form field `token`. */
export const POST = systemRoute({ scope: "introspect_tokens" }, async ({ req, db, gateway }) =>
  json(await introspect(db, await readTokenParameter(req), gateway.id), 200, { "Cache-Control": "no-store" }),
);
