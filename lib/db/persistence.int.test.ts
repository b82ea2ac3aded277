import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { closeDb, dbEngine, getDb } from "./client";
import { users } from "./schema";
import { createUser } from "../users/service";

describe("the database across restarts", () => {
  it("runs migrations at start and keeps every row on a second start", async () => {
    const db = await getDb();
    expect(["pglite", "postgres"]).toContain(dbEngine());
    expect(dbEngine()).toBe(process.env.GATEHOUSE_TEST_DB);
    const firstAdmin = await db.select().from(users).where(eq(users.role, "admin"));
    expect(firstAdmin.length).toBe(1);
    const created = await createUser(db, { username: "persisted", password: "persisted-pass-1", role: "viewer" }, { userId: null, username: "test" });

    await closeDb(); // "stop the console"
    const again = await getDb(); // "start it again": migrations run again, first-admin step finds users
    const rows = await again.select().from(users);
    expect(rows.map((r) => r.id).sort()).toEqual([firstAdmin[0]!.id, created.id].sort());
  });
});
