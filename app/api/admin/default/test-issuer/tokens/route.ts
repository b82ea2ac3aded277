import { consoleRoute, json } from "@/lib/api/route";
import { mintTestToken, mintTestTokenBodySchema } from "@/lib/test-issuer/issuer";

// The token is shown to the admin who minted it and never stored.
export const POST = consoleRoute({ role: "admin", body: mintTestTokenBodySchema }, async ({ db, caller, body }) =>
  json(await mintTestToken(db, caller, body), 201, { "Cache-Control": "no-store" }),
);
