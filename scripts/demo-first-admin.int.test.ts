import { describe, expect, it } from "vitest";
import { ensureFirstAdmin } from "@/lib/auth/bootstrap";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { firstAdminFilter } from "./demo-first-admin.mjs";

/** The demo takes the first-admin banner out of the console's output: fed the console's real banner here. */
describe("demo: first-admin banner", () => {
  it("keeps the generated sign-in out of the passed-through lines and hands it to the demo", async () => {
    const db = await getDb();
    await db.delete(users); // getDb() created one already (from ADMIN_PASSWORD): start again from an empty database
    delete process.env.ADMIN_PASSWORD;
    resetEnvCache();
    const printed: string[] = [];
    await ensureFirstAdmin(db, (text) => printed.push(...text.split("\n")));
    const password = /password: (\S+)/.exec(printed.join("\n"))?.[1];
    expect(password).toBeTruthy();

    const passed: string[] = [];
    const filter = firstAdminFilter((line) => passed.push(line));
    for (const line of ["[gatehouse] starting on http://localhost:3000", "==================================================================", "not the banner", ...printed, "▲ Next.js ready"]) filter.onLine(line);

    expect(filter.found).toEqual({ username: "admin", password });
    expect(passed.join("\n")).not.toContain(password);
    expect(passed.join("\n")).not.toMatch(/first admin account/);
    // Everything else passes, in order, including a rule line that opens no banner.
    expect(passed.filter((l) => l.trim() !== "")).toEqual([
      "[gatehouse] starting on http://localhost:3000",
      "==================================================================",
      "not the banner",
      "▲ Next.js ready",
    ]);
  });
});
