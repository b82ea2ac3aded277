import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { invokeUrls } from "@/lib/aws/invoke-urls";

/** Each connected stage's invoke URL and a ready curl line. */
export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => json(await invokeUrls(db, idParam(params, "Gateway", "gw"))));
