/** Shapes of the admin API (protocol reference § Admin API) as the console's UI reads them. */

// The server's own view types (type-only imports: nothing of lib/ reaches the browser bundle).
import type { AuthorizerSettings } from "@/lib/db/schema";
import type { GatewayView } from "@/lib/gateways/view";
import type { ApiGroupView } from "@/lib/gateways/groups";
import type { GatewayConflict } from "@/lib/gateways/conflicts";
import type { ServiceView } from "@/lib/gateways/services";
import type { IssuerView } from "@/lib/issuers/service";

export type { GatewayView, ServiceView, IssuerView, ApiGroupView, GatewayConflict };
export type AuthorizerSettingsView = AuthorizerSettings;

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
