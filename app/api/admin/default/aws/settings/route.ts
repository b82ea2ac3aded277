import { optionalVersion, versionedJson } from "@/lib/api/if-match";
import { consoleRoute } from "@/lib/api/route";
import { getAwsSettings, updateAwsSettings, updateAwsSettingsBodySchema } from "@/lib/aws/settings";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => {
  const settings = await getAwsSettings(db);
  return versionedJson(settings);
});

export const PUT = consoleRoute({ role: "admin", body: updateAwsSettingsBodySchema }, async ({ req, db, body, caller }) =>
  versionedJson(await updateAwsSettings(db, { ...body, version: optionalVersion(req, body.version) }, caller)),
);
