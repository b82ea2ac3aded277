import "server-only";
import type { Db } from "../db/client";
import type { Role } from "../db/schema";
import { authenticateToken } from "../tokens/service";
import { findUserById } from "../users/service";
import { parseCookies, sessionUserId } from "./session";

/** Who is calling: resolved before any query, from a session cookie or an admin API token. */
export interface Caller {
  userId: string;
  username: string;
  displayName: string | null;
  role: Role;
  via: "session" | "token";
  tokenId?: string;
}

export async function callerFromCookies(db: Db, cookies: Map<string, string>): Promise<Caller | null> {
  const uid = await sessionUserId(cookies);
  if (!uid) return null;
  // The role is read now, not from the cookie: a demoted or removed user loses access at once.
  const user = await findUserById(db, uid);
  if (!user) return null;
  return { userId: user.id, username: user.username, displayName: user.displayName, role: user.role, via: "session" };
}

export async function resolveCaller(db: Db, headers: Headers): Promise<Caller | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) return null;
    const found = await authenticateToken(db, match[1]);
    if (!found) return null;
    return {
      userId: found.user.id,
      username: found.user.username,
      displayName: found.user.displayName,
      role: found.role,
      via: "token",
      tokenId: found.token.id,
    };
  }
  return callerFromCookies(db, parseCookies(headers.get("cookie")));
}

export function roleAllows(have: Role, need: Role): boolean {
  return need === "viewer" || have === "admin";
}
