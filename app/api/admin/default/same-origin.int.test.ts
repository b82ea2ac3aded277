import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { listServices } from "@/lib/gateways/services";
import { call, userWithToken } from "@/test/api-client";
import { sessionCookie } from "@/test/session";
import * as servicesRoute from "./services/route";

/**
 * A write with a session cookie must come from the console's own origin — NEXTAUTH_URL or
 * GATEHOUSE_BASE_URL (setup: http://localhost:3999) — never from whatever Host or
 * X-Forwarded-Host the request names, unless GATEHOUSE_TRUST_FORWARDED_HEADERS says a proxy sets them.
 */
afterEach(() => {
  delete process.env.GATEHOUSE_TRUST_FORWARDED_HEADERS;
  delete process.env.GATEHOUSE_BASE_URL;
  resetEnvCache();
});

let n = 0;
async function createService(headers: Record<string, string>) {
  const admin = await userWithToken("admin");
  const cookie = await sessionCookie(admin.id);
  return call(servicesRoute.POST, { method: "POST", path: "/api/admin/default/services", body: { name: `same-origin-${++n}-${Date.now()}` }, headers: { cookie, ...headers } });
}

describe("same-origin check of cookie-authenticated writes", () => {
  it("accepts the configured origin", async () => {
    expect((await createService({ origin: "http://localhost:3999" })).status).toBe(201);
    process.env.GATEHOUSE_BASE_URL = "https://console.example.com/";
    resetEnvCache();
    expect((await createService({ origin: "https://console.example.com" })).status).toBe(201);
  });

  it.each([
    ["a foreign Origin with X-Forwarded-Host naming it", { origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }],
    ["a foreign Origin with Host naming it", { origin: "http://evil.example", host: "evil.example" }],
    ["the right host on another scheme", { origin: "https://localhost:3999" }],
    ["the right host on another port", { origin: "http://localhost:4000" }],
    ["an opaque origin", { origin: "null" }],
  ])("refuses %s (403, nothing created)", async (_what, headers) => {
    const db = await getDb();
    const before = (await listServices(db)).length;
    const res = await createService(headers);
    expect(res.status).toBe(403);
    expect((await listServices(db)).length).toBe(before);
    expect(res.body).toMatchObject({ error: { code: "forbidden", message: "Cross-origin request refused." } });
  });

  it("believes X-Forwarded-Host/-Proto only when told a proxy sets them", async () => {
    const behindProxy = { origin: "https://gatehouse.internal.example", "x-forwarded-host": "gatehouse.internal.example", "x-forwarded-proto": "https" };
    expect((await createService(behindProxy)).status).toBe(403);
    process.env.GATEHOUSE_TRUST_FORWARDED_HEADERS = "true";
    resetEnvCache();
    expect((await createService(behindProxy)).status).toBe(201);
    expect((await createService({ ...behindProxy, origin: "https://evil.example" })).status).toBe(403);
  });

  it("API tokens are not cookies: no Origin rule for them", async () => {
    const admin = await userWithToken("admin");
    const res = await call(servicesRoute.POST, { method: "POST", token: admin.token, body: { name: `token-write-${Date.now()}` }, headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(201);
  });
});
