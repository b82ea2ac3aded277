import type { PGlite } from "@electric-sql/pglite";
import { eq } from "drizzle-orm";
import { pgliteInstance, type Db } from "../db/client";
import { gateways, oauthClients, type Gateway, type OAuthClient } from "../db/schema";
import type { AccessTokenClaims } from "./tokens";

/**
 * The gateway a verified access token acts for, from its `client_id` claim. Null when the client
 * is gone (gateway deleted) or its secret was rotated after the token was issued.
 *
 * Every authorizer poll needs this row pair, and its revision decides the answer, so it must be
 * current. On PostgreSQL (possibly several console instances) it is read on every call: one
 * primary-key lookup. On the embedded PGlite (one process, one connection) it is kept in memory
 * and dropped when the database says it changed: triggers on `gateways` and `oauth_clients`
 * NOTIFY `gatehouse_gateway_changed` with the gateway's id (migration 0004), and PGlite delivers
 * a notification to its listeners as the committing statement returns — before the writer's
 * own caller sees the commit, so no reader can get the old row afterwards.
 */
export interface TokenGateway {
  client: OAuthClient;
  gateway: Gateway;
}

const CHANNEL = "gatehouse_gateway_changed";
const MAX_CACHED = 10_000;

interface Cache {
  byClient: Map<string, TokenGateway>;
  /** Bumped by every notification: a row read while one arrived may predate it and is not kept. */
  epoch: number;
  /** The instance listened on (a reopened database is another instance: start over). */
  listeningOn: PGlite | null;
  ready: Promise<boolean>;
}
const globalForCache = globalThis as unknown as { gatehouseTokenGateways?: Cache };
const cache: Cache = (globalForCache.gatehouseTokenGateways ??= { byClient: new Map(), epoch: 0, listeningOn: null, ready: Promise.resolve(false) });

function forgetGateway(gatewayId: string): void {
  cache.epoch += 1;
  for (const [clientId, entry] of cache.byClient) if (entry.gateway.id === gatewayId) cache.byClient.delete(clientId);
}

/** True when rows may be cached: the embedded engine, listening for changes. */
async function cacheable(): Promise<boolean> {
  const pglite = await pgliteInstance();
  if (!pglite || pglite.closed) return false;
  if (cache.listeningOn !== pglite) {
    cache.byClient.clear();
    cache.epoch += 1;
    cache.listeningOn = pglite;
    cache.ready = pglite.listen(CHANNEL, forgetGateway).then(
      () => true,
      () => {
        cache.listeningOn = null;
        return false;
      },
    );
  }
  return cache.ready;
}

async function readRow(db: Db, clientId: string): Promise<TokenGateway | undefined> {
  const [row] = await db
    .select({ client: oauthClients, gateway: gateways })
    .from(oauthClients)
    .innerJoin(gateways, eq(gateways.id, oauthClients.gatewayId))
    .where(eq(oauthClients.clientId, clientId))
    .limit(1);
  return row;
}

export async function gatewayOfToken(db: Db, claims: AccessTokenClaims): Promise<TokenGateway | null> {
  const useCache = await cacheable();
  let row = useCache ? cache.byClient.get(claims.client_id) : undefined;
  if (!row) {
    const epoch = cache.epoch;
    row = await readRow(db, claims.client_id);
    if (row && useCache && cache.epoch === epoch) {
      if (cache.byClient.size >= MAX_CACHED) cache.byClient.delete(cache.byClient.keys().next().value!);
      cache.byClient.set(claims.client_id, row);
    }
  }
  if (!row) return null;
  // Issued with an earlier secret: rotating the secret revokes the tokens it obtained.
  if (claims.secret_version !== row.client.secretRotatedAt.getTime()) return null;
  return row;
}

/** For tests: forget every cached row (the listener stays). */
export function resetTokenGatewayCache(): void {
  cache.epoch += 1;
  cache.byClient.clear();
}
