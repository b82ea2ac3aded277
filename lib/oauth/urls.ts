import { publicBaseUrl } from "../env";

/**
 * Where the `system` workspace of a tenant lives (protocol § Identity of a gateway). The embedded
 * console has one tenant, `default`, but the URLs are built from the gateway's tenant id.
 */
export const SYSTEM_SERVER_ID = "system";
export const DEFAULT_TENANT = "default";

export function systemIssuerUrl(tenantId = DEFAULT_TENANT): string {
  return `${publicBaseUrl()}/${tenantId}/${SYSTEM_SERVER_ID}`;
}

export function tokenEndpointUrl(tenantId = DEFAULT_TENANT): string {
  return `${systemIssuerUrl(tenantId)}/oauth2/token`;
}

export function introspectionEndpointUrl(tenantId = DEFAULT_TENANT): string {
  return `${systemIssuerUrl(tenantId)}/oauth2/introspect`;
}

export function jwksUrl(tenantId = DEFAULT_TENANT): string {
  return `${systemIssuerUrl(tenantId)}/.well-known/jwks.json`;
}

/** The audience of gateway access tokens: the system API they are meant for. */
export function systemApiAudience(tenantId = DEFAULT_TENANT): string {
  return `${publicBaseUrl()}/api/system/${tenantId}`;
}
