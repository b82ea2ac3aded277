import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { gateways, oauthClients, type Gateway, type OAuthClient } from "../db/schema";
import type { AccessTokenClaims } from "./tokens";

/**
 * The gateway a verified access token acts for, from its `client_id` claim. Null when the client
 * is gone (gateway deleted) or its secret was rotated after the token was issued.
 */
export async function gatewayOfToken(db: Db, claims: AccessTokenClaims): Promise<{ client: OAuthClient; gateway: Gateway } | null> {
  const [row] = await db
    .select({ client: oauthClients, gateway: gateways })
    .from(oauthClients)
    .innerJoin(gateways, eq(gateways.id, oauthClients.gatewayId))
    .where(eq(oauthClients.clientId, claims.client_id))
    .limit(1);
  if (!row) return null;
  // Issued with an earlier secret: rotating the secret revokes the tokens it obtained.
  if (claims.secret_version !== row.client.secretRotatedAt.getTime()) return null;
  return row;
}
