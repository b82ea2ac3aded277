import { describe, expect, it } from "vitest";
import * as userRoute from "@/app/api/admin/default/users/[id]/route";
import { call, userWithToken } from "@/test/api-client";

/**
 * Two admins changing each other at the same moment. Each transaction locks the target and the
 * admin rows; taken in different orders they deadlocked on PostgreSQL (40P01 → 500 in 3 of 6
 * trials). With one lock order every answer is a success or a 409, never a 5xx.
 */
const TRIALS = 6;

describe("concurrent user changes", () => {
  it("two admins removing each other at once: one 204, the other 409, never a 500", async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const [a, b] = await Promise.all([userWithToken("admin"), userWithToken("admin")]);
      const [aRemovesB, bRemovesA] = await Promise.all([
        call(userRoute.DELETE, { method: "DELETE", token: a.token, params: { id: b.id } }),
        call(userRoute.DELETE, { method: "DELETE", token: b.token, params: { id: a.id } }),
      ]);
      const statuses = [aRemovesB.status, bRemovesA.status].sort();
      // Either both requests were resolved before either removal (one wins, the other finds its
      // own account gone: 409), or one caller was already removed when its request arrived (401).
      expect([[204, 409], [204, 401]]).toContainEqual(statuses);
    }
  });

  it("two admins demoting each other at once: both succeed or one answers 409, never a 500", async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const [a, b] = await Promise.all([userWithToken("admin"), userWithToken("admin")]);
      const [aDemotesB, bDemotesA] = await Promise.all([
        call(userRoute.PUT, { method: "PUT", token: a.token, params: { id: b.id }, body: { version: 1, role: "viewer" } }),
        call(userRoute.PUT, { method: "PUT", token: b.token, params: { id: a.id }, body: { version: 1, role: "viewer" } }),
      ]);
      for (const answer of [aDemotesB, bDemotesA]) expect([200, 409]).toContain(answer.status);
    }
  });
});
