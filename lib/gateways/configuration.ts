import "server-only";
import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { notFound } from "../api/errors";
import type { Db } from "../db/client";
import { apiGroups, apis, gateways, policies, services } from "../db/schema";
import { enabledIssuers } from "../issuers/service";
import { jwksUrl, SYSTEM_SERVER_ID, systemIssuerUrl } from "../oauth/urls";
import { testIssuerState } from "../test-issuer/issuer";
import { mergeSettings } from "./settings";
import type { GatewayConfiguration } from "../../protocol/configuration";

/**
 * What an authorizer enforces (protocol § GET configuration; the document's type and the
 * authorizer's validator are protocol/configuration.ts): every API of every service bound to an
 * API group of this gateway, the policies they reference (enforced or as shadow), those services
 * with their group, the analytics rate, and the trusted issuers.
 *
 * `issuer_url` / `jwks_url` (Cloudentity: the workspace that issues end-user tokens) are the first
 * enabled trusted issuer's, or — with none — this console's own `system` issuer's.
 * `settings` carries the gateway's authorizer settings, and `trusted_issuers[].jwks` the issuers'
 * keys the console fetched (lib/issuers/jwks-refresh).
 * Everything is ordered deterministically so the same state always gives the same ETag.
 */
export async function buildGatewayConfiguration(db: Db, gatewayId: string): Promise<GatewayConfiguration> {
  const [gateway] = await db.select().from(gateways).where(eq(gateways.id, gatewayId)).limit(1);
  if (!gateway) throw notFound("Gateway");

  const bound = await db
    .select({ service: services, groupId: apiGroups.id, metadata: apiGroups.metadata })
    .from(apiGroups)
    .innerJoin(services, eq(services.id, apiGroups.serviceId))
    .where(and(eq(apiGroups.gatewayId, gatewayId), isNotNull(apiGroups.serviceId)))
    .orderBy(asc(services.id));
  const serviceIds = bound.map((b) => b.service.id);

  const apiRows = serviceIds.length
    ? await db
        .select()
        .from(apis)
        .where(inArray(apis.serviceId, serviceIds))
        .orderBy(asc(apis.serviceId), asc(apis.position), asc(apis.path), asc(apis.method), asc(apis.id))
    : [];
  // Every policy an API enforces or shadows: a shadow-only policy is still a normal entry.
  const policyIds = [...new Set(apiRows.flatMap((a) => [a.policyId, a.shadowPolicyId]).filter((id): id is string => id !== null))];
  const policyRows = policyIds.length ? await db.select().from(policies).where(inArray(policies.id, policyIds)).orderBy(asc(policies.id)) : [];
  const issuers = await enabledIssuers(db);
  const first = issuers[0];
  // The built-in test issuer is trusted only while enabled (its JWKS is served only then too).
  const testIssuer = await testIssuerState(db);

  return {
    tenant_id: gateway.tenantId,
    server_id: SYSTEM_SERVER_ID,
    issuer_url: first ? first.issuer : systemIssuerUrl(gateway.tenantId),
    jwks_url: first ? first.jwksUri : jwksUrl(gateway.tenantId),
    apis: apiRows.map((a) => ({
      id: a.id,
      service_id: a.serviceId,
      method: a.method,
      path: a.path,
      ...(a.policyId ? { policy_id: a.policyId } : {}),
      ...(a.shadowPolicyId ? { shadow_policy_id: a.shadowPolicyId } : {}),
      api_type: a.apiType,
      position: a.position,
    })),
    policies: policyRows.map((p) => ({ id: p.id, policy_name: p.policyName, type: p.type, language: p.language, validators: p.validators })),
    services: bound.map((b) => ({
      id: b.service.id,
      name: b.service.name,
      description: b.service.description,
      gateway_id: gatewayId,
      api_group_id: b.groupId,
      api_group_metadata: b.metadata,
    })),
    events_per_second: gateway.eventsPerSecond,
    trusted_issuers: issuers.map((i) => ({
      issuer: i.issuer,
      jwks_uri: i.jwksUri,
      audiences: i.audiences,
      ...(i.introspectionEndpoint ? { introspection_endpoint: i.introspectionEndpoint } : {}),
      ...(i.jwks && i.jwksFetchedAt ? { jwks: i.jwks, jwks_fetched_at: i.jwksFetchedAt.toISOString() } : {}),
    })).concat(testIssuer.enabled ? [{ issuer: testIssuer.issuer, jwks_uri: testIssuer.jwks_uri, audiences: [testIssuer.audience] }] : []),
    // Spread: the settings interface has no index signature; the wire type is keys → values.
    settings: { ...mergeSettings(gateway.settings) },
  };
}

/** A strong validator of the exact bytes sent: `"` + base64url(SHA-256(body)) + `"`. */
export function strongEtag(body: string): string {
  return `"${createHash("sha256").update(body, "utf8").digest("base64url")}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 § 13.1.2): `W/` prefixes do not matter. */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => opaque(t) === opaque(etag));
}
