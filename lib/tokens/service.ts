import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { notFound } from "../api/errors";
import { recordAudit, type AuditActor } from "../audit/record";
import { digestToken, generateOpaqueToken } from "../crypto/tokens";
import type { Db } from "../db/client";
import { apiTokens, users, type ApiToken, type Role, type User } from "../db/schema";

export const TOKEN_PREFIX = "gth";

export const createTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1, "give the token a name").max(80, "at most 80 characters"),
});

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

function toTokenView(t: ApiToken): TokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.tokenPrefix,
    role: t.role,
    created_at: t.createdAt.toISOString(),
    last_used_at: t.lastUsedAt?.toISOString() ?? null,
    revoked_at: t.revokedAt?.toISOString() ?? null,
  };
}

export async function listTokens(db: Db, userId: string): Promise<TokenView[]> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
  return rows.map(toTokenView);
}

/** What the audit log keeps of a token: never its digest. */
function auditShape(t: ApiToken): Record<string, unknown> {
  return { name: t.name, prefix: t.tokenPrefix, role: t.role, user_id: t.userId };
}

/** Creates a token with the creator's role. The plain token is returned here and never again. */
export async function createToken(db: Db, user: { id: string; role: Role }, name: string, actor: AuditActor) {
  const secret = generateOpaqueToken(TOKEN_PREFIX);
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiTokens)
      .values({ name, tokenDigest: digestToken(secret), tokenPrefix: secret.slice(0, 12), role: user.role, userId: user.id })
      .returning();
    await recordAudit(tx, actor, { action: "api_token.create", targetType: "api_token", targetId: created!.id, targetName: created!.name, after: auditShape(created!) });
    return created!;
  });
  return { token: toTokenView(row), secret };
}

export async function revokeToken(db: Db, id: string, caller: { id: string; role: Role }, actor: AuditActor): Promise<TokenView> {
  // A user revokes their own tokens; an admin may revoke anyone's.
  const scope = caller.role === "admin" ? eq(apiTokens.id, id) : and(eq(apiTokens.id, id), eq(apiTokens.userId, caller.id));
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(apiTokens).where(scope).limit(1).for("update");
    if (!row) throw notFound("API token");
    if (row.revokedAt) return toTokenView(row);
    const [updated] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
    await recordAudit(tx, actor, { action: "api_token.revoke", targetType: "api_token", targetId: id, targetName: row.name, before: auditShape(row) });
    return toTokenView(updated!);
  });
}

/**
 * Resolves a bearer token to its user. The effective role is the lower of the token's role and
 * the user's current role, so demoting a user also narrows the tokens they created.
 */
export async function authenticateToken(db: Db, secret: string): Promise<{ user: User; token: ApiToken; role: Role } | null> {
  if (!secret.startsWith(`${TOKEN_PREFIX}_`) || secret.length > 200) return null;
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenDigest, digestToken(secret)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  const role: Role = row.token.role === "admin" && row.user.role === "admin" ? "admin" : "viewer";
  // Last-used is informative only: don't fail the request on it, and don't write more than once a minute.
  const last = row.token.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - last > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.token.id)).catch(() => undefined);
  }
  return { user: row.user, token: row.token, role };
}
