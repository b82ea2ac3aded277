/** Shapes of the admin API (protocol reference § Admin API) as the console's UI reads them. */

export const LOGGING_LEVELS = ["error", "warn", "info", "debug", "trace"] as const;
export type LoggingLevel = (typeof LOGGING_LEVELS)[number];

export interface AuthorizerSettingsView {
  LOGGING_LEVEL: LoggingLevel;
  ACP_RELOAD_INTERVAL: string;
  ANALYTICS_ENABLED: boolean;
  AWS_INJECT_CONTEXT: boolean;
  ENFORCEMENT_ALLOW_UNKNOWN: boolean;
  AWS_AUTHORIZER_NAME: string;
  AUTHORIZER_CACHE_TTL: number;
  HTTP_CLIENT_ROOT_CA: string;
  HTTP_CLIENT_INSECURE_SKIP_VERIFY: boolean;
}

export interface GatewayView {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  type: "aws";
  create_and_bind_services_automatically: boolean;
  default_policy_id: string | null;
  region: string;
  settings: AuthorizerSettingsView;
  events_per_second: number;
  client_id: string;
  issuer_url: string;
  server_url: string;
  last_active: string | null;
  authorizer_version: string | null;
  groups_count: number;
  connected_groups_count: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CreatedGateway extends GatewayView {
  client: { client_id: string; client_secret: string };
}

export interface GatewayClient {
  client_id: string;
  client_secret: string;
  issuer_url: string;
  token_endpoint: string;
  scopes: string[];
  secret_rotated_at: string;
}

export interface RotatedClient {
  client_id: string;
  client_secret: string;
  secret_rotated_at: string;
}

export interface ApiGroupView {
  id: string;
  name: string;
  gateway_id: string;
  service_id: string | null;
  service_name: string | null;
  metadata: { type: "aws"; aws: { api_id: string; api_name: string; stage: string } };
  apis: { method: string; path: string }[];
  apis_count: number;
  first_seen_at: string;
  last_seen_at: string;
}

export interface ServiceView {
  id: string;
  name: string;
  description: string;
  gateway_id: string | null;
  gateway_name: string | null;
  group_id: string | null;
  apis_count: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ServiceApiView {
  id: string;
  method: string;
  path: string;
  policy_id: string | null;
  policy_name: string | null;
}

export interface PolicyOption {
  id: string;
  policy_name: string;
  builtin: "block" | "allow" | null;
}

export interface IssuerView {
  id: string;
  issuer: string;
  jwks_uri: string;
  audiences: string[];
  introspection_endpoint: string | null;
  introspection_client_id: string | null;
  has_introspection_secret: boolean;
  enabled: boolean;
  version: number;
  created_at: string;
}

/** React Query keys shared by the gateway, service and issuer screens. */
export const keys = {
  gateways: ["gateways"] as const,
  gateway: (id: string) => ["gateways", id] as const,
  groups: (id: string) => ["gateways", id, "groups"] as const,
  services: ["services"] as const,
  serviceApis: (id: string) => ["services", id, "apis"] as const,
  policies: ["policies"] as const,
  issuers: ["issuers"] as const,
};
