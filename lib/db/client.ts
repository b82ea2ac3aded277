import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import pg from "pg";
import { ensureFirstAdmin } from "../auth/bootstrap";
import { ensureBuiltinPolicies } from "../policies/builtins";
import { dataDir } from "../data-dir";
import { env } from "../env";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Engine = "pglite" | "postgres";

interface Connection {
  db: Db;
  engine: Engine;
  close: () => Promise<void>;
  /** The embedded engine's instance (its LISTEN/NOTIFY lives there); null on PostgreSQL. */
  pglite: PGlite | null;
}

const MIGRATIONS = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "db", "migrations");

async function connect(): Promise<Connection> {
  const url = env().DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const db = drizzlePg(pool, { schema });
    await migratePg(db, { migrationsFolder: MIGRATIONS });
    await ensureFirstAdmin(db);
    await ensureBuiltinPolicies(db);
    return { db: db as unknown as Db, engine: "postgres", close: () => pool.end(), pglite: null };
  }
  const client = new PGlite(path.join(/*turbopackIgnore: true*/ dataDir(), "pglite"));
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS });
  await ensureFirstAdmin(db);
  await ensureBuiltinPolicies(db);
  return { db: db as unknown as Db, engine: "pglite", close: () => client.close(), pglite: client };
}

// One connection per process: Next.js may load this module in several bundles, so the
// promise lives on globalThis (as create-t3-app does), and PGlite allows one opener per folder.
const globalForDb = globalThis as unknown as { gatehouseDb?: Promise<Connection> };

function connection(): Promise<Connection> {
  globalForDb.gatehouseDb ??= connect().catch((err: unknown) => {
    globalForDb.gatehouseDb = undefined;
    throw err;
  });
  return globalForDb.gatehouseDb;
}

/** The migrated database. */
export async function getDb(): Promise<Db> {
  return (await connection()).db;
}

/** The PGlite instance of the embedded engine (for LISTEN, lib/db/notify.ts); null on PostgreSQL. */
export async function pgliteInstance(): Promise<PGlite | null> {
  return (await connection()).pglite;
}

export async function dbEngine(): Promise<Engine> {
  return (await connection()).engine;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.gatehouseDb;
  globalForDb.gatehouseDb = undefined;
  if (current) await (await current).close();
}
