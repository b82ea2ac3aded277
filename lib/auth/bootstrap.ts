import { count } from "drizzle-orm";
import { generatePassword, hashPassword } from "../crypto/password";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { env } from "../env";

/**
 * First start on an empty database: create the `admin` account, with ADMIN_PASSWORD or a
 * generated password printed once to the log (the only place it ever appears).
 */
export async function ensureFirstAdmin(db: Db, log: (line: string) => void = console.log): Promise<void> {
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
    log(`[gatehouse] Created the first admin account "${ADMIN_USERNAME}" with the password from ADMIN_PASSWORD.`);
  } else {
    log(
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
