import "server-only";
import { eq, sql } from "drizzle-orm";
import { conflict } from "../api/errors";
import type { Db } from "../db/client";
import { consoleSettings } from "../db/schema";

/** Console-wide settings (key → JSON value) with optimistic concurrency on `version`. */
export interface StoredSetting<T> {
  value: T | null;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export async function readSetting<T>(db: Db, key: string): Promise<StoredSetting<T>> {
  const [row] = await db.select().from(consoleSettings).where(eq(consoleSettings.key, key));
  if (!row) return { value: null, version: 0, updatedAt: null, updatedBy: null };
  return { value: unwrap<T>(row.value), version: row.version, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

/** Values are stored wrapped (`{ value }`), so that null is a value too. */
function unwrap<T>(stored: unknown): T | null {
  return stored && typeof stored === "object" && "value" in stored ? ((stored as { value: T }).value ?? null) : null;
}

/** Writes a setting; `expectedVersion` (0 = not set yet) makes a stale write a 409. */
export async function writeSetting<T>(db: Db, key: string, value: T, updatedBy: string, expectedVersion?: number): Promise<StoredSetting<T>> {
  const current = await readSetting<T>(db, key);
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw conflict("The setting changed since you loaded it. Reload and try again.");
  }
  const [row] = await db
    .insert(consoleSettings)
    .values({ key, value: { value }, updatedBy })
    .onConflictDoUpdate({
      target: consoleSettings.key,
      set: { value: { value }, updatedBy, version: sql`${consoleSettings.version} + 1`, updatedAt: new Date() },
      where: expectedVersion === undefined ? undefined : eq(consoleSettings.version, expectedVersion),
    })
    .returning();
  if (!row) throw conflict("The setting changed since you loaded it. Reload and try again.");
  return { value: unwrap<T>(row.value), version: row.version, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}
