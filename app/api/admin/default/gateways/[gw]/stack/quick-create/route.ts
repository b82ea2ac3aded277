import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { quickCreateBodySchema } from "@/lib/aws/stack/schemas";
import { quickCreateLink } from "@/lib/aws/stack/quick-create";

/** A CloudFormation quick-create link (uploads the template and zip to the artifacts bucket first). */
export const POST = consoleRoute({ role: "admin", body: quickCreateBodySchema }, async ({ db, params, body, caller }) =>
  json(await quickCreateLink(db, idParam(params, "Gateway", "gw"), caller, { stackName: body?.stack_name, settings: body?.settings })),
);
