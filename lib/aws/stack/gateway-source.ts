import "server-only";
import { eq } from "drizzle-orm";
import { notFound, ApiError } from "../../api/errors";
import { decryptSecret } from "../../crypto/secrets";
import type { Db } from "../../db/client";
import { gateways, oauthClients, type AuthorizerSettings } from "../../db/schema";
import { clientSecretAad } from "../../gateways/client";
import { systemIssuerUrl } from "../../oauth/urls";
import type { PreparedArtifacts } from "./artifacts";
import type { StackInputs } from "./parameters";

/**
 * What the stack needs to know about a gateway: its region, settings and client credentials.
 * The secret is decrypted here, server-side, and goes only to CloudFormation.
 */
export interface GatewayForStack {
  id: string;
  name: string;
  region: string;
  settings: AuthorizerSettings;
  clientId: string;
  secretRotatedAt: Date;
  issuerUrl: string;
}

export async function loadGatewayForStack(db: Db, gatewayId: string): Promise<GatewayForStack> {
  const [row] = await db
    .select({ gateway: gateways, client: oauthClients })
    .from(gateways)
    .leftJoin(oauthClients, eq(oauthClients.gatewayId, gateways.id))
    .where(eq(gateways.id, gatewayId));
  if (!row) throw notFound("Gateway");
  if (!row.client) throw new ApiError("gateway_without_client", "This gateway has no OAuth client; the authorizer could not authenticate.");
  return {
    id: row.gateway.id,
    name: row.gateway.name,
    region: row.gateway.region,
    settings: row.gateway.settings,
    clientId: row.client.clientId,
    secretRotatedAt: row.client.secretRotatedAt,
    issuerUrl: systemIssuerUrl(row.gateway.tenantId),
  };
}

export async function gatewayClientSecret(db: Db, gatewayId: string): Promise<string> {
  const [client] = await db.select().from(oauthClients).where(eq(oauthClients.gatewayId, gatewayId));
  if (!client) throw notFound("Gateway client");
  return decryptSecret(client.secretEncrypted, clientSecretAad(client.clientId));
}

/** The stack's inputs but the secret: the gateway's client, the package in the region, the settings to run. */
export function publicStackInputs(
  gateway: GatewayForStack,
  artifacts: PreparedArtifacts,
  settings: AuthorizerSettings,
): Omit<StackInputs, "clientSecret"> {
  return {
    clientId: gateway.clientId,
    issuerUrl: gateway.issuerUrl,
    version: artifacts.version,
    bucket: artifacts.bucket,
    codeKey: artifacts.codeKey,
    settings,
  };
}
