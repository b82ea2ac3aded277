import { consoleRoute, json } from "@/lib/api/route";
import { rotateSigningKey } from "@/lib/oauth/keys";

/** A new signing key for gateway access tokens; the previous one stays in the JWKS for the overlap window. */
export const POST = consoleRoute({ role: "admin" }, async ({ db, caller }) => json({ kid: (await rotateSigningKey(db, caller)).kid }));
