import "server-only";
import { and, desc, eq, ilike, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { auditEvents } from "../db/schema";

/** Browsing the audit log, newest first, with a cursor (the id of the last entry seen). */

export const listAuditQuerySchema = z.strictObject({
  target_type: z.string().trim().min(1).max(40).optional(),
  target_id: z.string().trim().min(1).max(200).optional(),
  /** Part of the actor's name, case-insensitive. */
  actor: z.string().trim().min(1).max(200).optional(),
  before: z.string().regex(/^\d{1,18}$/, "before must be a cursor from next_cursor").optional(),
  limit: z.coerce.number().int().min(1).max(200, "at most 200").default(50),
});
export type ListAuditQuery = z.infer<typeof listAuditQuerySchema>;

export interface AuditEventView {
  id: string;
  at: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  target_name: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** One page of the audit log, newest first; `next_cursor` is the `before` of the next page (null: no more). */
export interface AuditPage {
  events: AuditEventView[];
  next_cursor: string | null;
}

export async function listAuditEvents(db: Db, query: ListAuditQuery): Promise<AuditPage> {
  const where: SQL[] = [];
  if (query.target_type) where.push(eq(auditEvents.targetType, query.target_type));
  if (query.target_id) where.push(eq(auditEvents.targetId, query.target_id));
  if (query.actor) where.push(ilike(auditEvents.actorName, `%${query.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (query.before) where.push(lt(auditEvents.id, Number(query.before)));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    events: page.map((e) => ({
      id: String(e.id),
      at: e.at.toISOString(),
      actor_name: e.actorName,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      target_name: e.targetName,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
    next_cursor: rows.length > query.limit && last ? String(last.id) : null,
  };
}
