import { etagOf, optionalVersion } from "@/lib/api/if-match";
import { consoleRoute, json } from "@/lib/api/route";
import { getAwsSettings, updateAwsSettings, updateAwsSettingsBodySchema } from "@/lib/aws/settings";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => {
  const settings = await getAwsSettings(db);
  return json(settings, 200, { ETag: etagOf(settings.version) });
});

export const PUT = consoleRoute({ role: "admin", body: updateAwsSettingsBodySchema }, async ({ req, db, body, caller }) =>
  json(await updateAwsSettings(db, { ...body, version: optionalVersion(req, body.version) }, caller.username)),
);
