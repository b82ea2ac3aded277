import { GATEWAY_SCOPES } from "../db/schema";
import { DEFAULT_TENANT, introspectionEndpointUrl, jwksUrl, systemIssuerUrl, tokenEndpointUrl } from "./urls";

/** `{issuer}/.well-known/openid-configuration` of a tenant's `system` workspace. */
export function discoveryDocument(tenantId = DEFAULT_TENANT) {
  return {
    issuer: systemIssuerUrl(tenantId),
    token_endpoint: tokenEndpointUrl(tenantId),
    jwks_uri: jwksUrl(tenantId),
    introspection_endpoint: introspectionEndpointUrl(tenantId),
    grant_types_supported: ["client_credentials"],
    response_types_supported: ["token"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    introspection_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    scopes_supported: [...GATEWAY_SCOPES],
  };
}
