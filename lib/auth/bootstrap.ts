import "server-only";
import { count } from "drizzle-orm";
import { generatePassword, hashPassword } from "../crypto/password";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { env } from "../env";
import { log } from "../log";

/**
 * First start on an empty database: create the `admin` account, with ADMIN_PASSWORD or a
 * generated password printed once to the log (the only place it ever appears). Runs in every
 * start-up attempt of lib/db/client (retried while the database is down): it creates the account
 * at most once. The generated password is a plain-text banner on stdout for the person starting
 * the console — the one secret the log is meant to show — not a JSON line.
 */
export async function ensureFirstAdmin(db: Db, show: (text: string) => void = (text) => process.stdout.write(`${text}\n`)): Promise<void> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return;
  const { ADMIN_USERNAME, ADMIN_PASSWORD } = env();
  const password = ADMIN_PASSWORD ?? generatePassword();
  const inserted = await db
    .insert(users)
    .values({ username: ADMIN_USERNAME, role: "admin", passwordHash: await hashPassword(password) })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (inserted.length === 0) return; // another console instance created it first
  if (ADMIN_PASSWORD) {
    log.info({ username: ADMIN_USERNAME }, "created the first admin account with the password from ADMIN_PASSWORD");
  } else {
    show(
      [
        "",
        "==================================================================",
        ` Gatehouse created the first admin account.`,
        `   username: ${ADMIN_USERNAME}`,
        `   password: ${password}`,
        " This password is shown once. Sign in and change it in Settings.",
        "==================================================================",
        "",
      ].join("\n"),
    );
  }
}
