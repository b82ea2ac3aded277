import { consoleRoute, json } from "@/lib/api/route";
import { createPolicyBodySchema } from "@/lib/policies/schemas";
import { createPolicy, listPolicies } from "@/lib/policies/service";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => json({ policies: await listPolicies(db) }));

export const POST = consoleRoute({ role: "admin", body: createPolicyBodySchema }, async ({ db, caller, body }) =>
  json(await createPolicy(db, caller, body), 201),
);
