import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { policies } from "../db/schema";

/** The built-in policies: always present, read-only, never deletable. */
export const BUILTIN_POLICIES = [
  {
    builtin: "block" as const,
    policyName: "Block API",
    description: "Denies every request (403).",
    validators: [{ name: "false" }],
  },
  {
    builtin: "allow" as const,
    policyName: "Allow",
    description: "Allows every request.",
    validators: [{ name: "true" }],
  },
];

/** Creates the built-ins when missing; safe to run at every start and from several processes. */
export async function ensureBuiltinPolicies(db: Db): Promise<void> {
  for (const b of BUILTIN_POLICIES) {
    const [existing] = await db.select({ id: policies.id }).from(policies).where(eq(policies.builtin, b.builtin)).limit(1);
    if (existing) continue;
    // A concurrent start may insert the same row: the unique name makes the second insert a no-op.
    await db.insert(policies).values(b).onConflictDoNothing();
  }
}
