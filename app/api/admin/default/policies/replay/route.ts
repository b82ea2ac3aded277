import { consoleRoute, json } from "@/lib/api/route";
import { replayPolicyBodySchema } from "@/lib/policies/schemas";
import { replayPolicy } from "@/lib/policies/replay";

// Evaluates only; nothing is stored. Viewers may replay too (the answer holds counts, methods and paths).
export const POST = consoleRoute({ role: "viewer", body: replayPolicyBodySchema }, async ({ db, body }) => json(await replayPolicy(db, body)));
