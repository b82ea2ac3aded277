import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { PgColumn, PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import { conflict } from "../api/errors";
import type { Db } from "./client";

/** A table whose rows carry a uuid `id`, an optimistic-concurrency `version` and `updatedAt`. */
type VersionedTable = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * Optimistic concurrency for a row the caller read at `version`: the change is written, with the
 * version bumped and `updatedAt` now, only while the row is still at that version; otherwise
 * nothing is written and the answer is a 409 saying `stale` (concurrent edits conflict instead
 * of overwriting). Answers the row as written.
 */
export async function updateAtVersion<T extends VersionedTable>(
  tx: Db,
  table: T,
  id: string,
  version: number,
  changes: PgUpdateSetSource<T>,
  stale: string,
): Promise<T["$inferSelect"]> {
  const [updated] = (await tx
    .update(table)
    .set({ ...changes, version: sql`${table.version} + 1`, updatedAt: new Date() })
    .where(and(eq(table.id, id), eq(table.version, version)))
    .returning()) as T["$inferSelect"][];
  if (!updated) throw conflict(stale);
  return updated;
}
