import "server-only";
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { conflict, notFound } from "../api/errors";
import { recordAudit, type AuditActor } from "../audit/record";
import { hashPassword } from "../crypto/password";
import type { Db } from "../db/client";
import { users, type Role, type User } from "../db/schema";
import { updateAtVersion } from "../db/update-at-version";
import type { CreateUserBody, UpdateUserBody } from "./schemas";
import { isUniqueViolation } from "../db/unavailable";

const STALE = "This user was changed by someone else meanwhile. Reload and try again.";

/** What the API shows of a user: never the password hash. */
export interface UserView {
  id: string;
  username: string;
  display_name: string | null;
  role: Role;
  sign_in: "password" | "oidc" | "password+oidc";
  last_sign_in_at: string | null;
  created_at: string;
  version: number;
}

/** How a user signs in: with a password, through single sign-on, or either. */
function signInOf(u: User): UserView["sign_in"] {
  const oidc = Boolean(u.oidcSubject);
  const password = Boolean(u.passwordHash);
  return oidc && password ? "password+oidc" : oidc ? "oidc" : "password";
}

export function toUserView(u: User): UserView {
  return {
    id: u.id,
    username: u.username,
    display_name: u.displayName,
    role: u.role,
    sign_in: signInOf(u),
    last_sign_in_at: u.lastSignInAt?.toISOString() ?? null,
    created_at: u.createdAt.toISOString(),
    version: u.version,
  };
}

export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await db.select().from(users).orderBy(asc(users.username));
  return rows.map(toUserView);
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  return row;
}

/** What the audit log keeps of a user (never the password hash). */
function auditShape(u: User): Record<string, unknown> {
  return { username: u.username, display_name: u.displayName, role: u.role };
}

export async function createUser(db: Db, body: CreateUserBody, actor: AuditActor): Promise<UserView> {
  const passwordHash = await hashPassword(body.password);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ username: body.username, displayName: body.display_name ?? null, passwordHash, role: body.role })
        .returning();
      await recordAudit(tx, actor, { action: "user.create", targetType: "user", targetId: row!.id, targetName: row!.username, after: auditShape(row!) });
      return toUserView(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A user named "${body.username}" already exists.`);
    throw err;
  }
}

/**
 * Locks the rows of every admin and of the given users, always in id order: every transaction
 * that changes users takes its locks in that one order, so two of them never wait on each other
 * (two admins removing or demoting each other at once deadlocked when each locked its target
 * first and then the other admins). Locking the admins lets two concurrent demotions not both
 * see "another admin remains". Rows removed meanwhile are absent from the answer.
 */
async function lockUsersAndAdmins(tx: Db, ids: string[]): Promise<Map<string, User>> {
  const rows = await tx
    .select()
    .from(users)
    .where(or(eq(users.role, "admin"), inArray(users.id, ids)))
    .orderBy(asc(users.id))
    .for("update");
  return new Map(rows.map((u) => [u.id, u]));
}

function adminCount(locked: Map<string, User>): number {
  return [...locked.values()].filter((u) => u.role === "admin").length;
}

/**
 * The opening of every change to a user: lock the target, the caller and the admins; the target
 * must still exist. The caller was an admin when its request was resolved, but another admin may
 * have removed or demoted it since; with every admin row locked, "absent or not admin" here is the
 * committed truth, and such a caller changes nobody (two admins demoting each other at once used
 * to both succeed). Answers the target and the locked rows (for the last-admin rule).
 */
async function lockForChange(tx: Db, id: string, actor: AuditActor): Promise<{ current: User; locked: Map<string, User> }> {
  const locked = await lockUsersAndAdmins(tx, actor.userId ? [id, actor.userId] : [id]);
  const current = locked.get(id);
  if (!current) throw notFound("User");
  if (actor.userId) {
    const self = locked.get(actor.userId);
    if (!self) throw conflict("Your account was removed meanwhile.");
    if (self.role !== "admin") throw conflict("Your admin role was removed meanwhile.");
  }
  return { current, locked };
}

export async function updateUser(db: Db, id: string, body: UpdateUserBody, actor: AuditActor): Promise<UserView> {
  const passwordHash = body.password ? await hashPassword(body.password) : undefined;
  return db.transaction(async (tx) => {
    const { current, locked } = await lockForChange(tx, id, actor);
    if (current.version !== body.version) throw conflict(STALE);
    if (current.role === "admin" && body.role === "viewer" && adminCount(locked) <= 1) {
      throw conflict("This is the last admin: make another user admin first.");
    }
    const changes = {
      ...(body.role ? { role: body.role } : {}),
      ...(body.display_name !== undefined ? { displayName: body.display_name } : {}),
      ...(passwordHash ? { passwordHash } : {}),
    };
    const row = await updateAtVersion(tx, users, id, body.version, changes, STALE);
    // A password reset shows as `credential_reset`, never with the password or its hash.
    await recordAudit(tx, actor, {
      action: "user.update",
      targetType: "user",
      targetId: row.id,
      targetName: row.username,
      before: auditShape(current),
      after: { ...auditShape(row), ...(passwordHash ? { credential_reset: true } : {}) },
    });
    return toUserView(row);
  });
}

export async function deleteUser(db: Db, id: string, actor: AuditActor): Promise<void> {
  if (id === actor.userId) throw conflict("You cannot remove your own account.");
  await db.transaction(async (tx) => {
    const { current, locked } = await lockForChange(tx, id, actor);
    if (current.role === "admin" && adminCount(locked) <= 1) {
      throw conflict("This is the last admin and cannot be removed.");
    }
    await tx.delete(users).where(eq(users.id, id));
    await recordAudit(tx, actor, { action: "user.delete", targetType: "user", targetId: id, targetName: current.username, before: auditShape(current) });
  });
}

export async function recordSignIn(db: Db, id: string): Promise<void> {
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, id));
}

/** The console user an OIDC identity (issuer, subject) signed in as before, if any. */
async function findOidcUser(db: Db, identity: { issuer: string; subject: string }): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.oidcIssuer, identity.issuer), eq(users.oidcSubject, identity.subject)))
    .limit(1);
  return user;
}

/**
 * Maps an OIDC identity to a console user by (issuer, subject) — never by username, so an
 * identity provider cannot take over a local account by choosing its name.
 */
export async function upsertOidcUser(
  db: Db,
  identity: { issuer: string; subject: string; preferredUsername?: string; name?: string },
  defaultRole: Role,
): Promise<User> {
  const existing = await findOidcUser(db, identity);
  if (existing) return existing;
  const base = (identity.preferredUsername ?? identity.subject).replace(/[^A-Za-z0-9._@-]/g, "_").slice(0, 56) || "user";
  for (let attempt = 0; attempt < 20; attempt++) {
    const username = attempt === 0 ? base : `${base}-${attempt + 1}`;
    try {
      const [row] = await db
        .insert(users)
        .values({
          username,
          displayName: identity.name ?? null,
          role: defaultRole,
          oidcIssuer: identity.issuer,
          oidcSubject: identity.subject,
        })
        .returning();
      return row!;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Same identity created concurrently? Then use it; otherwise the name is taken: try the next.
      const raced = await findOidcUser(db, identity);
      if (raced) return raced;
    }
  }
  throw conflict("Could not find a free username for this single sign-on account.");
}
