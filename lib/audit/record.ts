import type { Caller } from "../auth/caller";
import type { Db } from "../db/client";
import { auditEvents } from "../db/schema";

/** Keys whose values never enter the audit log, at any depth. */
const SECRET_KEYS = /secret|password|private|token_digest|tokenDigest|passwordHash|secretEncrypted/i;

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? "[redacted]" : redactSecrets(v);
    return out;
  }
  return value;
}

export interface AuditEntry {
  action: string; // e.g. "gateway.create", "api.assign_policy"
  targetType: "gateway" | "service" | "api_group" | "api" | "policy" | "trusted_issuer" | "user" | "deployment" | "stack" | "signing_key" | "api_token" | "console_setting";
  targetId: string;
  targetName?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** The system itself (an authorizer's push, auto-bind) is an actor too. */
export type AuditActor = Pick<Caller, "userId" | "username"> | { userId: null; username: string };

/**
 * Records one change. Call it inside the same transaction as the change, so the log and the
 * data never disagree.
 */
export async function recordAudit(db: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    actorUserId: actor.userId,
    actorName: actor.username,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    targetName: entry.targetName ?? null,
    before: (redactSecrets(entry.before ?? null) as Record<string, unknown> | null) ?? null,
    after: (redactSecrets(entry.after ?? null) as Record<string, unknown> | null) ?? null,
  });
}
