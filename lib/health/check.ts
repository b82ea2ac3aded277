import "server-only";
import { sql } from "drizzle-orm";
import { dbEngine, getDb } from "../db/client";
import { unavailableReason } from "../db/unavailable";
import { databaseUnavailable } from "../api/errors";
import { errorFields, log } from "../log";

export interface Health {
  status: "ok" | "unavailable";
  database: { engine: string | null; ok: boolean; latency_ms: number | null; error?: string };
  /** When unavailable: the same code and message as every other API answer in that state. */
  error?: { code: "database_unavailable"; message: string };
}

/** Liveness plus a real round trip to the database. */
export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return {
      status: "ok",
      database: { engine: dbEngine(), ok: true, latency_ms: Math.round((performance.now() - started) * 10) / 10 },
    };
  } catch (err) {
    // The reason names the failure class only ("connection refused"): this answer is public.
    const known = unavailableReason(err);
    if (!known) log.error({ error: errorFields(err) }, "health check query failed");
    const reason = known ?? "the health query failed; see the console's log";
    return {
      status: "unavailable",
      database: { engine: dbEngine(), ok: false, latency_ms: null, error: reason },
      error: { code: "database_unavailable", message: databaseUnavailable(reason).message },
    };
  }
}
