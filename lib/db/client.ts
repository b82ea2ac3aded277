import "server-only";
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
import { errorFields, log, outsideRequest } from "../log";
import * as schema from "./schema";
import { DatabaseUnavailableError, unavailableReason } from "./unavailable";

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
// A connection attempt to an unreachable host fails after this, instead of holding requests forever.
const CONNECT_TIMEOUT_MS = 5_000;
// While the database is unavailable, start-up is retried this often (doubling from the first).
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 2_000;
// A lasting outage is logged again this often, not on every retry.
const RELOG_MS = 60_000;

function newPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle client whose server went away (restart, pg_terminate_backend) emits `error` on the
  // pool; unhandled, that is an uncaughtException. The pool drops the client and opens a new one
  // on the next query. Logged without the client object (it holds the connection settings).
  pool.on("error", (err) =>
    outsideRequest(() => log.warn({ error: errorFields(err) }, "an idle database connection failed; the pool replaces it")),
  );
  return pool;
}

/**
 * Migrates a newly opened database and creates what every start needs (first admin, built-ins);
 * when any of that fails the database is closed again before the error goes on.
 */
async function prepared(connection: Connection, migrate: () => Promise<void>): Promise<Connection> {
  try {
    await migrate();
    await ensureFirstAdmin(connection.db);
    await ensureBuiltinPolicies(connection.db);
    return connection;
  } catch (err) {
    await connection.close().catch(() => undefined);
    throw err;
  }
}

/** Opens the database: PostgreSQL when DATABASE_URL names one, else the embedded PGlite under the data folder. */
async function connect(): Promise<Connection> {
  const url = env().DATABASE_URL;
  if (url) {
    const pool = newPool(url);
    const db = drizzlePg(pool, { schema });
    const connection: Connection = { db, engine: "postgres", close: () => pool.end(), pglite: null };
    return prepared(connection, () => migratePg(db, { migrationsFolder: MIGRATIONS }));
  }
  const client = new PGlite(path.join(/*turbopackIgnore: true*/ dataDir(), "pglite"));
  const db = drizzlePglite(client, { schema });
  const connection: Connection = { db, engine: "pglite", close: () => client.close(), pglite: client };
  return prepared(connection, () => migratePglite(db, { migrationsFolder: MIGRATIONS }));
}

/**
 * The process's database: ready once connected and migrated. Until then, getDb() fails fast
 * with DatabaseUnavailableError (answered 503) while a timer retries start-up in the background,
 * so a console started before its database serves normally seconds after the database is up.
 */
interface DbState {
  ready?: Connection;
  attempt?: Promise<Connection>;
  lastError?: DatabaseUnavailableError;
  retryTimer?: ReturnType<typeof setTimeout>;
  retryDelayMs: number;
  loggedReason?: string;
  loggedAt?: number;
  waiters: (() => void)[];
}

// One connection per process: Next.js may load this module in several bundles, so the
// state lives on globalThis (as create-t3-app does), and PGlite allows one opener per folder.
const globalForDb = globalThis as unknown as { gatehouseDb?: DbState };

function state(): DbState {
  globalForDb.gatehouseDb ??= { retryDelayMs: RETRY_FIRST_MS, waiters: [] };
  return globalForDb.gatehouseDb;
}

function asUnavailable(err: unknown): DatabaseUnavailableError {
  if (err instanceof DatabaseUnavailableError) return err;
  // Start-up failing for another reason (a migration, a bad setting) still leaves no database to serve.
  return new DatabaseUnavailableError(unavailableReason(err) ?? "start-up failed; see the console's log", { cause: err });
}

function logOutage(s: DbState, err: DatabaseUnavailableError): void {
  const now = Date.now();
  if (s.loggedReason === err.reason && now - (s.loggedAt ?? 0) < RELOG_MS) return;
  s.loggedReason = err.reason;
  s.loggedAt = now;
  log.error({ reason: err.reason, error: errorFields(err.cause ?? err) }, "the database is unavailable; retrying in the background");
}

function scheduleRetry(s: DbState): void {
  if (s.retryTimer) return;
  const delay = s.retryDelayMs;
  s.retryDelayMs = Math.min(delay * 2, RETRY_MAX_MS);
  s.retryTimer = setTimeout(() => {
    s.retryTimer = undefined;
    attempt(s).catch(() => undefined);
  }, delay);
  // The retry never keeps a finished process (a test, a script) alive.
  s.retryTimer.unref?.();
}

function attempt(s: DbState): Promise<Connection> {
  s.attempt ??= connect()
    .then((conn) => {
      if (globalForDb.gatehouseDb !== s) {
        // closeDb() ran meanwhile: this connection belongs to nobody.
        void conn.close().catch(() => undefined);
        throw new DatabaseUnavailableError("the database was closed");
      }
      s.ready = conn;
      s.lastError = undefined;
      if (s.loggedReason) log.info("the database is available again");
      s.loggedReason = undefined;
      for (const wake of s.waiters.splice(0)) wake();
      return conn;
    })
    .catch((err: unknown) => {
      const unavailable = asUnavailable(err);
      if (globalForDb.gatehouseDb === s) {
        s.lastError = unavailable;
        logOutage(s, unavailable);
        scheduleRetry(s);
      }
      throw unavailable;
    })
    .finally(() => {
      s.attempt = undefined;
    });
  return s.attempt;
}

async function connection(): Promise<Connection> {
  const s = state();
  if (s.ready) return s.ready;
  // Between retries, answer at once with the last failure rather than open a connection per request.
  if (s.lastError && s.retryTimer) throw s.lastError;
  return attempt(s);
}

/** The migrated database, or DatabaseUnavailableError while it cannot be reached. */
export async function getDb(): Promise<Db> {
  return (await connection()).db;
}

/** The PGlite instance of the embedded engine (its LISTEN/NOTIFY); null on PostgreSQL. */
export async function pgliteInstance(): Promise<PGlite | null> {
  return (await connection()).pglite;
}

/**
 * Starts connecting (and retrying) without waiting; resolves once the database is ready. For
 * start-up work that needs the database (instrumentation.ts), never for a request.
 */
export function whenDbReady(): Promise<Db> {
  const s = state();
  if (s.ready) return Promise.resolve(s.ready.db);
  const ready = new Promise<Db>((resolve) => s.waiters.push(() => resolve(s.ready!.db)));
  if (!s.attempt) attempt(s).catch(() => undefined);
  return ready;
}

/** The engine DATABASE_URL selects (known without connecting). */
export function dbEngine(): Engine {
  return env().DATABASE_URL ? "postgres" : "pglite";
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.gatehouseDb;
  globalForDb.gatehouseDb = undefined;
  if (!current) return;
  if (current.retryTimer) clearTimeout(current.retryTimer);
  if (current.attempt) await current.attempt.catch(() => undefined);
  if (current.ready) await current.ready.close();
}
