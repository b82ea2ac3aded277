import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { getJobView } from "@/lib/aws/redeploy/view";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => json(await getJobView(db, idParam(params, "Redeploy job", "job"))));
