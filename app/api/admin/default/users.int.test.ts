import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { call, userWithToken } from "@/test/api-client";
import * as usersRoute from "./users/route";
import * as userRoute from "./users/[id]/route";
import * as tokensRoute from "./tokens/route";
import * as tokenRoute from "./tokens/[id]/route";
import * as meRoute from "./me/route";

async function userCount(): Promise<number> {
  const [row] = await (await getDb()).select({ n: count() }).from(users);
  return row!.n;
}

describe("admin API: users", () => {
  it("creates a user and never returns a password hash", async () => {
    const admin = await userWithToken("admin");
    const res = await call(usersRoute.POST, { method: "POST", token: admin.token, body: { username: "alice", password: "alice-password-1", role: "viewer" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: "alice", role: "viewer", sign_in: "password" });
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|password_hash|alice-password/);
    const list = await call(usersRoute.GET, { token: admin.token });
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt/);
  });

  it.each([
    ["missing fields", { username: "bob" }],
    ["short password", { username: "bob", password: "short", role: "viewer" }],
    ["unknown role", { username: "bob", password: "bob-password-12", role: "root" }],
    ["unknown field", { username: "bob", password: "bob-password-12", role: "viewer", is_admin: true }],
  ])("a malformed body (%s) answers 422 with the failing fields and writes nothing", async (_name, body) => {
    const admin = await userWithToken("admin");
    const before = await userCount();
    const res = await call(usersRoute.POST, { method: "POST", token: admin.token, body });
    expect(res.status).toBe(422);
    const error = (res.body as { error: { code: string; fields: { path: string }[] } }).error;
    expect(error.code).toBe("invalid_request");
    expect(error.fields.length).toBeGreaterThan(0);
    expect(await userCount()).toBe(before);
  });

  it("invalid JSON answers 422 and writes nothing", async () => {
    const admin = await userWithToken("admin");
    const before = await userCount();
    const res = await call(usersRoute.POST, { method: "POST", token: admin.token, rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(422);
    expect(await userCount()).toBe(before);
  });

  it("a viewer gets 403 on admin actions but can read its own identity", async () => {
    const viewer = await userWithToken("viewer");
    const res = await call(usersRoute.POST, { method: "POST", token: viewer.token, body: { username: "eve", password: "eve-password-123", role: "admin" } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: "forbidden" } });
    expect((await call(usersRoute.GET, { token: viewer.token })).status).toBe(403);
    const me = await call(meRoute.GET, { token: viewer.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: viewer.username, role: "viewer", via: "token" });
  });

  it("duplicate usernames conflict (case-insensitive)", async () => {
    const admin = await userWithToken("admin");
    await call(usersRoute.POST, { method: "POST", token: admin.token, body: { username: "Carol", password: "carol-password-1", role: "viewer" } });
    const dup = await call(usersRoute.POST, { method: "POST", token: admin.token, body: { username: "carol", password: "carol-password-1", role: "viewer" } });
    expect(dup.status).toBe(409);
  });

  it("a stale version answers 409 and changes nothing", async () => {
    const admin = await userWithToken("admin");
    const created = await call(usersRoute.POST, { method: "POST", token: admin.token, body: { username: "dave", password: "dave-password-12", role: "viewer" } });
    const { id, version } = created.body as { id: string; version: number };
    const first = await call(userRoute.PUT, { method: "PUT", token: admin.token, params: { id }, body: { version, display_name: "Dave" } });
    expect(first.status).toBe(200);
    const second = await call(userRoute.PUT, { method: "PUT", token: admin.token, params: { id }, body: { version, role: "admin" } });
    expect(second.status).toBe(409);
    const now = await call(userRoute.GET, { token: admin.token, params: { id } });
    expect(now.body).toMatchObject({ display_name: "Dave", role: "viewer", version: version + 1 });
  });

  it("never removes or demotes the last admin", async () => {
    const db = await getDb();
    const admins = await db.select().from(users);
    const admin = await userWithToken("admin");
    // Leave exactly one other admin besides the caller: demote every other admin first.
    for (const u of admins.filter((a) => a.role === "admin")) {
      await call(userRoute.PUT, { method: "PUT", token: admin.token, params: { id: u.id }, body: { version: u.version, role: "viewer" } });
    }
    const self = await call(userRoute.GET, { token: admin.token, params: { id: admin.id } });
    const selfVersion = (self.body as { version: number }).version;
    const demote = await call(userRoute.PUT, { method: "PUT", token: admin.token, params: { id: admin.id }, body: { version: selfVersion, role: "viewer" } });
    expect(demote.status).toBe(409);
    expect((demote.body as { error: { message: string } }).error.message).toMatch(/last admin/);
    const removeSelf = await call(userRoute.DELETE, { method: "DELETE", token: admin.token, params: { id: admin.id } });
    expect(removeSelf.status).toBe(409);
  });

  it("unknown or malformed ids answer 404", async () => {
    const admin = await userWithToken("admin");
    expect((await call(userRoute.GET, { token: admin.token, params: { id: "nope" } })).status).toBe(404);
    expect((await call(userRoute.GET, { token: admin.token, params: { id: "00000000-0000-4000-8000-000000000000" } })).status).toBe(404);
  });
});

describe("admin API tokens", () => {
  it("shows a token once, stores only its digest, and stops accepting it when revoked", async () => {
    const admin = await userWithToken("admin");
    const created = await call(tokensRoute.POST, { method: "POST", token: admin.token, body: { name: "script" } });
    expect(created.status).toBe(201);
    const { secret, token } = created.body as { secret: string; token: { id: string; prefix: string } };
    expect(secret).toMatch(/^gth_/);
    const list = await call(tokensRoute.GET, { token: secret });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const db = await getDb();
    const dump = JSON.stringify(await db.execute("select * from api_tokens"));
    expect(dump).not.toContain(secret);

    const revoked = await call(tokenRoute.DELETE, { method: "DELETE", token: admin.token, params: { id: token.id } });
    expect(revoked.status).toBe(200);
    expect((await call(meRoute.GET, { token: secret })).status).toBe(401);
  });

  it("a token carries its creator's role, narrowed when the creator is demoted", async () => {
    const boss = await userWithToken("admin");
    const other = await userWithToken("admin");
    expect((await call(usersRoute.GET, { token: other.token })).status).toBe(200);
    const current = await call(userRoute.GET, { token: boss.token, params: { id: other.id } });
    await call(userRoute.PUT, {
      method: "PUT",
      token: boss.token,
      params: { id: other.id },
      body: { version: (current.body as { version: number }).version, role: "viewer" },
    });
    expect((await call(usersRoute.GET, { token: other.token })).status).toBe(403);
  });

  it("a viewer cannot revoke someone else's token", async () => {
    const admin = await userWithToken("admin");
    const viewer = await userWithToken("viewer");
    const created = await call(tokensRoute.POST, { method: "POST", token: admin.token, body: { name: "mine" } });
    const id = (created.body as { token: { id: string } }).token.id;
    expect((await call(tokenRoute.DELETE, { method: "DELETE", token: viewer.token, params: { id } })).status).toBe(404);
  });
});
