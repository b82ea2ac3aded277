import { json } from "@/lib/api/route";
import { systemRoute } from "@/lib/api/system-route";
import { buildGatewayConfiguration, etagMatches, strongEtag } from "@/lib/gateways/configuration";
import { recordConfigurationFetch } from "@/lib/gateways/config-fetch";
import { applyDiscoveredGroups } from "@/lib/gateways/discovery";
import { groupPushes } from "@/lib/gateways/system-limits";
import { setGatewayConfigurationSchema } from "@/lib/gateways/system-schemas";

/** The authorizer's configuration; `ETag` is a strong hash of the body, `If-None-Match` → 304. */
export const GET = systemRoute({ scope: "read_gateway_configuration" }, async ({ req, db, gateway }) => {
  const body = JSON.stringify(await buildGatewayConfiguration(db, gateway.id));
  const etag = strongEtag(body);
  const headers = { ETag: etag, "Cache-Control": "private, no-cache" };
  // `gateway` was read before the document was built: the authorizer now holds at least its revision.
  await recordConfigurationFetch(db, gateway);
  if (etagMatches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, "Content-Type": "application/json" } });
});

/** Discovered API groups; idempotent. → `{number_of_added_api_groups}`. */
export const POST = systemRoute(
  { scope: "write_gateway_configuration", body: setGatewayConfigurationSchema, limit: { limiter: groupPushes, what: "group pushes" } },
  async ({ db, gateway, body }) => json(await applyDiscoveredGroups(db, gateway.id, body)),
);
