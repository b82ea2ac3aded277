import { sql } from "drizzle-orm";
import { dbEngine, getDb } from "../db/client";

export interface Health {
  status: "ok" | "unavailable";
  database: { engine: string | null; ok: boolean; latency_ms: number | null; error?: string };
}

/** Liveness plus a real round trip to the database. */
export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return {
      status: "ok",
      database: { engine: await dbEngine(), ok: true, latency_ms: Math.round((performance.now() - started) * 10) / 10 },
    };
  } catch (err) {
    return {
      status: "unavailable",
      database: { engine: null, ok: false, latency_ms: null, error: err instanceof Error ? err.message : String(err) },
    };
  }
}
