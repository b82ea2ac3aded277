import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { notFound } from "../api/errors";
import { recordAudit, type AuditActor } from "../audit/record";
import { decryptSecret, encryptSecret } from "../crypto/secrets";
import { digestsEqual, digestToken, generateOpaqueToken } from "../crypto/tokens";
import type { Db } from "../db/client";
import { GATEWAY_SCOPES, gateways, oauthClients, type OAuthClient } from "../db/schema";
import { systemIssuerUrl, tokenEndpointUrl } from "../oauth/urls";

/**
 * A gateway's OAuth client in the tenant's `system` workspace. The secret is stored encrypted
 * (not hashed) because Settings can reveal it; the associated data binds it to its client id,
 * so a ciphertext copied onto another client does not decrypt. lib/aws/stack/gateway-source.ts
 * decrypts with the same associated data.
 */
export const clientSecretAad = (clientId: string) => `oauth_client:${clientId}`;

const SECRET_PREFIX = "gcs";

function newClientId(): string {
  return randomBytes(12).toString("hex");
}

export function newClientSecret(): string {
  return generateOpaqueToken(SECRET_PREFIX);
}

/** Creates the client of a new gateway (inside the gateway's transaction). Returns the plain secret once. */
export async function createGatewayClient(tx: Db, gatewayId: string): Promise<{ client: OAuthClient; secret: string }> {
  const clientId = newClientId();
  const secret = newClientSecret();
  const [client] = await tx
    .insert(oauthClients)
    .values({ clientId, gatewayId, secretEncrypted: encryptSecret(secret, clientSecretAad(clientId)), scopes: [...GATEWAY_SCOPES], secretRotatedAt: new Date() })
    .returning();
  return { client: client!, secret };
}

export async function findClientByGateway(db: Db, gatewayId: string): Promise<OAuthClient | undefined> {
  const [row] = await db.select().from(oauthClients).where(eq(oauthClients.gatewayId, gatewayId)).limit(1);
  return row;
}

export async function findClient(db: Db, clientId: string): Promise<OAuthClient | undefined> {
  if (clientId.length === 0 || clientId.length > 200) return undefined;
  const [row] = await db.select().from(oauthClients).where(eq(oauthClients.clientId, clientId)).limit(1);
  return row;
}

/** Constant-time comparison of a presented secret with the stored one. */
export function clientSecretMatches(client: OAuthClient, presented: string): boolean {
  if (presented.length === 0 || presented.length > 512) return false;
  let stored: string;
  try {
    stored = decryptSecret(client.secretEncrypted, clientSecretAad(client.clientId));
  } catch {
    return false;
  }
  // Compare digests: equal length, so timingSafeEqual reveals nothing about the length either.
  return digestsEqual(digestToken(stored), digestToken(presented));
}

export interface ClientCredentialsView {
  client_id: string;
  client_secret: string;
  issuer_url: string;
  token_endpoint: string;
  scopes: string[];
  secret_rotated_at: string;
}

/** What a rotation answers: the new secret, once. */
export type RotatedClientView = Pick<ClientCredentialsView, "client_id" | "client_secret" | "secret_rotated_at">;

/** Settings › reveal: the plain secret, for admins only (the route answers with no-store). */
export async function revealClient(db: Db, actor: AuditActor, gatewayId: string): Promise<ClientCredentialsView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ client: oauthClients, gatewayName: gateways.name, tenantId: gateways.tenantId })
      .from(oauthClients)
      .innerJoin(gateways, eq(gateways.id, oauthClients.gatewayId))
      .where(eq(oauthClients.gatewayId, gatewayId))
      .limit(1);
    if (!row) throw notFound("Gateway");
    await recordAudit(tx, actor, {
      action: "gateway.client_secret_reveal",
      targetType: "gateway",
      targetId: gatewayId,
      targetName: row.gatewayName,
      after: { client_id: row.client.clientId },
    });
    return {
      client_id: row.client.clientId,
      client_secret: decryptSecret(row.client.secretEncrypted, clientSecretAad(row.client.clientId)),
      issuer_url: systemIssuerUrl(row.tenantId),
      token_endpoint: tokenEndpointUrl(row.tenantId),
      scopes: row.client.scopes,
      secret_rotated_at: row.client.secretRotatedAt.toISOString(),
    };
  });
}

/**
 * A new secret: the old one stops working at once, and so do access tokens issued before the
 * rotation (their `secret_version` claim no longer matches `secretRotatedAt`; lib/oauth/token-client.ts).
 */
export async function rotateClientSecret(
  db: Db,
  actor: AuditActor,
  gatewayId: string,
): Promise<RotatedClientView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ client: oauthClients, gatewayName: gateways.name })
      .from(oauthClients)
      .innerJoin(gateways, eq(gateways.id, oauthClients.gatewayId))
      .where(eq(oauthClients.gatewayId, gatewayId))
      .for("update")
      .limit(1);
    if (!row) throw notFound("Gateway");
    const secret = newClientSecret();
    const [updated] = await tx
      .update(oauthClients)
      .set({ secretEncrypted: encryptSecret(secret, clientSecretAad(row.client.clientId)), secretRotatedAt: new Date() })
      .where(eq(oauthClients.clientId, row.client.clientId))
      .returning();
    await recordAudit(tx, actor, {
      action: "gateway.client_secret_rotate",
      targetType: "gateway",
      targetId: gatewayId,
      targetName: row.gatewayName,
      before: { client_id: row.client.clientId, secret_rotated_at: row.client.secretRotatedAt.toISOString() },
      after: { client_id: row.client.clientId, secret_rotated_at: updated!.secretRotatedAt.toISOString() },
    });
    return { client_id: updated!.clientId, client_secret: secret, secret_rotated_at: updated!.secretRotatedAt.toISOString() };
  });
}
