import { json } from "@/lib/api/route";
import { systemRoute } from "@/lib/api/system-route";
import { recordConfigurationFetch } from "@/lib/gateways/config-fetch";
import { applyDiscoveredGroups } from "@/lib/gateways/discovery";
import { configurationResponse, servedConfiguration } from "@/lib/gateways/served-configuration";
import { groupPushes } from "@/lib/gateways/system-limits";
import { setGatewayConfigurationSchema } from "@/protocol/discovery";

/**
 * The authorizer's configuration, served from the gateway's revision (built once per revision;
 * a poll costs the token check and the gateway row the token resolved to). `ETag` is a strong
 * hash of the body, `If-None-Match` → 304; gzip when the caller accepts it.
 */
export const GET = systemRoute({ scope: "read_gateway_configuration" }, async ({ req, db, gateway, reloadIntervalMs }) => {
  const served = await servedConfiguration(db, gateway.id, gateway.configRevision);
  // `gateway` was read before the document was built: the authorizer now holds at least its revision.
  await recordConfigurationFetch(db, gateway, reloadIntervalMs);
  return configurationResponse(req, served);
});

/** Discovered API groups; idempotent. → `{number_of_added_api_groups}`. */
export const POST = systemRoute(
  { scope: "write_gateway_configuration", body: setGatewayConfigurationSchema, limit: { limiter: groupPushes, what: "group pushes" } },
  async ({ db, gateway, body }) => json(await applyDiscoveredGroups(db, gateway.id, body)),
);
