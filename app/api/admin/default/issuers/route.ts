import { consoleRoute, json } from "@/lib/api/route";
import { createIssuerBodySchema } from "@/lib/issuers/schemas";
import { createIssuer, listIssuers } from "@/lib/issuers/service";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => json({ issuers: await listIssuers(db) }));

/** Without jwks_uri the issuer's OpenID discovery fills it (5 s timeout; 422 when it fails). */
export const POST = consoleRoute({ role: "admin", body: createIssuerBodySchema }, async ({ db, caller, body }) =>
  json(await createIssuer(db, caller, body), 201),
);
