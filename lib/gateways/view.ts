import { publicBaseUrl } from "../env";
import type { AuthorizerSettings, Gateway } from "../db/schema";
import { systemIssuerUrl } from "../oauth/urls";
import type { GatewayConflict } from "./conflicts";
import { mergeSettings } from "./settings";

/** What the admin API shows of a gateway (never its client secret). */
export interface GatewayView {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  type: "aws";
  create_and_bind_services_automatically: boolean;
  default_policy_id: string | null;
  region: string;
  settings: AuthorizerSettings;
  events_per_second: number;
  client_id: string;
  /** The issuer of the gateway's client (`{base}/{tenant}/system`): ACP_ISSUER_URL. */
  issuer_url: string;
  /** The console's public base URL; the system API is `{server_url}/api/system/{tenant}`. */
  server_url: string;
  last_active: string | null;
  authorizer_version: string | null;
  /** When the authorizer last pushed its discovery (the end of a scheduled sync). */
  last_sync_at: string | null;
  /** Groups present in AWS (a complete discovery still reports them). */
  groups_count: number;
  /** Groups present in AWS and bound to a service. */
  connected_groups_count: number;
  /** Groups a complete discovery no longer reports (their REST API or stage was deleted). */
  gone_groups_count: number;
  /** REST API stages connected here and on another gateway (lib/gateways/conflicts). */
  conflicts: GatewayConflict[];
  version: number;
  created_at: string;
  updated_at: string;
}

export interface GatewayRow {
  gateway: Gateway;
  clientId: string | null;
  groupsCount: number;
  connectedGroupsCount: number;
  goneGroupsCount: number;
}

/** A gateway's own fields as both its view and its audit shape show them (the settings differ: the view merges them over the defaults). */
function editableFields(g: Gateway) {
  return {
    name: g.name,
    description: g.description,
    type: g.type,
    create_and_bind_services_automatically: g.createAndBindServicesAutomatically,
    default_policy_id: g.defaultPolicyId,
    region: g.region,
  };
}

export function toGatewayView(r: GatewayRow, conflicts: GatewayConflict[] = []): GatewayView {
  const g = r.gateway;
  return {
    id: g.id,
    tenant_id: g.tenantId,
    ...editableFields(g),
    settings: mergeSettings(g.settings),
    events_per_second: g.eventsPerSecond,
    client_id: r.clientId ?? "",
    issuer_url: systemIssuerUrl(g.tenantId),
    server_url: publicBaseUrl(),
    last_active: g.lastActiveAt?.toISOString() ?? null,
    authorizer_version: g.lastAuthorizerVersion,
    last_sync_at: g.lastSyncAt?.toISOString() ?? null,
    groups_count: Number(r.groupsCount),
    connected_groups_count: Number(r.connectedGroupsCount),
    gone_groups_count: Number(r.goneGroupsCount),
    conflicts,
    version: g.version,
    created_at: g.createdAt.toISOString(),
    updated_at: g.updatedAt.toISOString(),
  };
}

/** The audit log's picture of a gateway: its own fields, no derived or volatile ones. */
export function gatewayAuditShape(g: Gateway): Record<string, unknown> {
  return {
    ...editableFields(g),
    settings: g.settings,
    events_per_second: g.eventsPerSecond,
  };
}
