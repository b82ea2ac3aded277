import { describe, expect, it } from "vitest";
import * as userRoute from "@/app/api/admin/default/users/[id]/route";
import { getDb } from "@/lib/db/client";
import { deleteUser, findUserById, updateUser } from "@/lib/users/service";
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

  it("two admins demoting each other at once: one 200, the other keeps no authority (409 or 403), never a 500", async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const [a, b] = await Promise.all([userWithToken("admin"), userWithToken("admin")]);
      const [aDemotesB, bDemotesA] = await Promise.all([
        call(userRoute.PUT, { method: "PUT", token: a.token, params: { id: b.id }, body: { version: 1, role: "viewer" } }),
        call(userRoute.PUT, { method: "PUT", token: b.token, params: { id: a.id }, body: { version: 1, role: "viewer" } }),
      ]);
      const statuses = [aDemotesB.status, bDemotesA.status].sort();
      // Either both requests were resolved before either demotion (the loser finds its own admin
      // role gone inside its transaction: 409), or one caller was already a viewer when its
      // request arrived (403). Both succeeding would mean a demoted admin still acted as one.
      expect([[200, 409], [200, 403]]).toContainEqual(statuses);
    }
  });

  it("a caller demoted after its request was resolved changes nobody: its transaction answers 409", async () => {
    // The interleaving the race above only sometimes hits, made certain: A's request is resolved
    // as an admin (the actor below), then B demotes A, then A's change reaches the database.
    const db = await getDb();
    const [a, b, target] = await Promise.all([userWithToken("admin"), userWithToken("admin"), userWithToken("viewer")]);
    const demoted = await call(userRoute.PUT, { method: "PUT", token: b.token, params: { id: a.id }, body: { version: 1, role: "viewer" } });
    expect(demoted.status).toBe(200);
    const staleActor = { userId: a.id, username: a.username };
    await expect(updateUser(db, target.id, { version: 1, role: "admin" }, staleActor)).rejects.toMatchObject({ status: 409, code: "conflict" });
    await expect(deleteUser(db, target.id, staleActor)).rejects.toMatchObject({ status: 409, code: "conflict" });
    expect(await findUserById(db, target.id)).toMatchObject({ role: "viewer", version: 1 });
  });
});
