/** Shapes of the admin API (protocol reference § Admin API) as the console's UI reads them. */

// The server's own view types (type-only imports: nothing of lib/ reaches the browser bundle).
import type { AuthorizerSettings } from "@/lib/db/schema";
import type { GatewayView } from "@/lib/gateways/view";
import type { ApiGroupView } from "@/lib/gateways/groups";
import type { ClientCredentialsView, RotatedClientView } from "@/lib/gateways/client";
import type { GatewayConflict } from "@/lib/gateways/conflicts";
import type { CreatedGatewayView } from "@/lib/gateways/gateways";
import type { ServiceApiView, ServiceView } from "@/lib/gateways/services";
import type { IssuerView } from "@/lib/issuers/service";
import type { PolicyView } from "@/lib/policies/view";

export type { GatewayView, ServiceView, ServiceApiView, IssuerView, ApiGroupView, GatewayConflict };
export type AuthorizerSettingsView = AuthorizerSettings;


export type CreatedGateway = CreatedGatewayView;
export type GatewayClient = ClientCredentialsView;
export type RotatedClient = RotatedClientView;
/** What a policy picker reads of `GET /policies`. */
export type PolicyOption = Pick<PolicyView, "id" | "policy_name" | "builtin">;

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
