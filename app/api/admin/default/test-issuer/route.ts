import { etagOf, optionalVersion } from "@/lib/api/if-match";
import { consoleRoute, json } from "@/lib/api/route";
import { setTestIssuerEnabled, testIssuerState, updateTestIssuerBodySchema } from "@/lib/test-issuer/issuer";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => {
  const state = await testIssuerState(db);
  return json(state, 200, { ETag: etagOf(state.version) });
});

export const PUT = consoleRoute({ role: "admin", body: updateTestIssuerBodySchema }, async ({ req, db, caller, body }) =>
  json(await setTestIssuerEnabled(db, caller, body.enabled, optionalVersion(req, body.version))),
);
