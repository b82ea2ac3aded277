import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import { eq, sql } from "drizzle-orm";
import { BoundedMap } from "../../protocol/bounded-map";
import { pgliteInstance, type Db } from "../db/client";
import { gateways, oauthClients, type Gateway, type OAuthClient } from "../db/schema";
import type { AccessTokenClaims } from "./tokens";

/**
 * The gateway a verified access token acts for, from its `client_id` claim. Null when the client
 * is gone (gateway deleted) or its secret was rotated after the token was issued.
 *
 * Every authorizer poll needs this row pair, and its revision decides the answer, so it must be
 * current.
 * - PostgreSQL (possibly several console instances): every call asks the database whether the
 *   two rows are still the versions this process holds — one primary-key lookup returning the
 *   rows' `xmin` (the id of the transaction that wrote the row version; any UPDATE gives a new
 *   one) — and reads the full rows only when either changed. Always current, no signal between
 *   instances needed, and the common answer is two short strings instead of two wide rows.
 * - The embedded PGlite (one process, one connection): kept in memory and dropped when the
 *   database says it changed: triggers on `gateways` and `oauth_clients` NOTIFY
 *   `gatehouse_gateway_changed` with the gateway's id (migration 0005), and PGlite delivers a
 *   notification to its listeners as the committing statement returns — before the writer's own
 *   caller sees the commit, so no reader can get the old row afterwards.
 */
export interface TokenGateway {
  client: OAuthClient;
  gateway: Gateway;
}

const CHANNEL = "gatehouse_gateway_changed";
const MAX_CACHED = 10_000;

interface Cached extends TokenGateway {
  /** The rows' versions (PostgreSQL's xmin), to ask whether they are still current. */
  versions: string;
}

interface Cache {
  /** At most MAX_CACHED, the one read longest ago dropped first. */
  byClient: BoundedMap<string, Cached>;
  /** Bumped by every notification: a row read while one arrived may predate it and is not kept. */
  epoch: number;
  /** The instance listened on (a reopened database is another instance: start over). */
  listeningOn: PGlite | null;
  ready: Promise<boolean>;
}
const globalForCache = globalThis as unknown as { gatehouseTokenGateways?: Cache };
const cache: Cache = (globalForCache.gatehouseTokenGateways ??= { byClient: new BoundedMap(MAX_CACHED), epoch: 0, listeningOn: null, ready: Promise.resolve(false) });

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

const versions = sql<string>`${gateways}.xmin::text || '/' || ${oauthClients}.xmin::text`;

async function readRow(db: Db, clientId: string): Promise<Cached | undefined> {
  const [row] = await db
    .select({ client: oauthClients, gateway: gateways, versions })
    .from(oauthClients)
    .innerJoin(gateways, eq(gateways.id, oauthClients.gatewayId))
    .where(eq(oauthClients.clientId, clientId))
    .limit(1);
  return row;
}

/** Built once per database handle: a prepared statement skips building the query on every poll. */
const versionQueries = new WeakMap<Db, { execute: (values: { clientId: string }) => Promise<{ versions: string }[]> }>();

async function currentVersions(db: Db, clientId: string): Promise<string | undefined> {
  let query = versionQueries.get(db);
  if (!query) {
    query = db
      .select({ versions })
      .from(oauthClients)
      .innerJoin(gateways, eq(gateways.id, oauthClients.gatewayId))
      .where(eq(oauthClients.clientId, sql.placeholder("clientId")))
      .limit(1)
      .prepare("gatehouse_token_gateway_versions");
    versionQueries.set(db, query);
  }
  const [row] = await query.execute({ clientId });
  return row?.versions;
}

function remember(clientId: string, row: Cached): void {
  cache.byClient.set(clientId, row);
}

async function resolve(db: Db, clientId: string): Promise<Cached | undefined> {
  const held = cache.byClient.get(clientId);
  if (await cacheable()) {
    if (held) return held;
    const epoch = cache.epoch;
    const row = await readRow(db, clientId);
    if (row && cache.epoch === epoch) remember(clientId, row);
    return row;
  }
  if (held) {
    const now = await currentVersions(db, clientId);
    if (now === undefined) {
      cache.byClient.delete(clientId);
      return undefined;
    }
    if (now === held.versions) return held;
  }
  const row = await readRow(db, clientId);
  if (row) remember(clientId, row);
  else cache.byClient.delete(clientId);
  return row;
}

export async function gatewayOfToken(db: Db, claims: AccessTokenClaims): Promise<TokenGateway | null> {
  const row = await resolve(db, claims.client_id);
  if (!row) return null;
  // Issued with an earlier secret: rotating the secret revokes the tokens it obtained.
  if (claims.secret_version !== row.client.secretRotatedAt.getTime()) return null;
  return { client: row.client, gateway: row.gateway };
}

/** For tests: forget every cached row (the listener stays). */
export function resetTokenGatewayCache(): void {
  cache.epoch += 1;
  cache.byClient.clear();
}
