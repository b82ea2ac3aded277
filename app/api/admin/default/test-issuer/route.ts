import { optionalVersion, versionedJson } from "@/lib/api/if-match";
import { consoleRoute } from "@/lib/api/route";
import { setTestIssuerEnabled, testIssuerState, updateTestIssuerBodySchema } from "@/lib/test-issuer/issuer";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => {
  const state = await testIssuerState(db);
  return versionedJson(state);
});

export const PUT = consoleRoute({ role: "admin", body: updateTestIssuerBodySchema }, async ({ req, db, caller, body }) =>
  versionedJson(await setTestIssuerEnabled(db, caller, body.enabled, optionalVersion(req, body.version))),
);
