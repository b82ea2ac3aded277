import { z } from "zod";
import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { STACK_NAME, STACK_NAME_RULE } from "@/lib/aws/stack/name";
import { stackSettingsSchema } from "@/lib/aws/stack/parameters";
import { quickCreateLink } from "@/lib/aws/stack/quick-create";

const body = z
  .object({ stack_name: z.string().trim().regex(STACK_NAME, STACK_NAME_RULE).optional(), settings: stackSettingsSchema.optional() })
  .optional();

/** A CloudFormation quick-create link (uploads the template and zip to the artifacts bucket first). */
export const POST = consoleRoute({ role: "admin", body }, async ({ db, params, body, caller }) =>
  json(await quickCreateLink(db, idParam(params, "Gateway", "gw"), caller, { stackName: body?.stack_name, settings: body?.settings })),
);
