import { consoleRoute, json } from "@/lib/api/route";
import { assignPolicyBulk } from "@/lib/enforcement/assign";
import { assignPoliciesBodySchema } from "@/lib/enforcement/schemas";

export const POST = consoleRoute({ role: "admin", body: assignPoliciesBodySchema }, async ({ db, caller, body }) =>
  json({ apis: await assignPolicyBulk(db, caller, body) }),
);
