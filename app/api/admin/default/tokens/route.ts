import { consoleRoute, json } from "@/lib/api/route";
import { createToken, createTokenBodySchema, listTokens } from "@/lib/tokens/service";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, caller }) => json({ tokens: await listTokens(db, caller.userId) }));

// Answers the token once; only its digest is stored.
export const POST = consoleRoute({ role: "viewer", body: createTokenBodySchema }, async ({ db, caller, body }) =>
  json(await createToken(db, { id: caller.userId, role: caller.role }, body.name, caller), 201, { "Cache-Control": "no-store" }),
);
