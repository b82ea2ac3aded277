import { consoleRoute, json } from "@/lib/api/route";
import { testPolicyBodySchema } from "@/lib/policies/schemas";
import { runPolicyTest } from "@/lib/policies/test-run";

// Evaluates only; nothing is stored. Viewers may test too.
export const POST = consoleRoute({ role: "viewer", body: testPolicyBodySchema }, async ({ db, body }) => json(await runPolicyTest(db, body)));
