import { importJWK, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { call, userWithToken } from "@/test/api-client";
import * as stateRoute from "@/app/api/admin/default/test-issuer/route";
import * as mintRoute from "@/app/api/admin/default/test-issuer/tokens/route";
import * as jwksRoute from "@/app/default/test-issuer/.well-known/jwks.json/route";
import { getDb } from "@/lib/db/client";
import { testIssuerJwks, TEST_AUDIENCE, testIssuerUrl } from "@/lib/test-issuer/issuer";

describe("built-in test issuer", () => {
  it("is off by default: no JWKS, no minting", async () => {
    const admin = await userWithToken("admin");
    expect((await call(stateRoute.GET, { token: admin.token })).body).toMatchObject({ enabled: false });
    expect((await call(jwksRoute.GET)).status).toBe(404);
    expect((await call(mintRoute.POST, { method: "POST", token: admin.token, body: { sub: "u" } })).status).toBe(409);
  });

  it("mints verifiable tokens while enabled, only for admins, and stops being trusted when disabled", async () => {
    const admin = await userWithToken("admin");
    const viewer = await userWithToken("viewer");
    expect((await call(stateRoute.PUT, { method: "PUT", token: viewer.token, body: { enabled: true } })).status).toBe(403);
    const on = await call(stateRoute.PUT, { method: "PUT", token: admin.token, body: { enabled: true } });
    expect(on.body).toMatchObject({ enabled: true });

    const minted = await call(mintRoute.POST, {
      method: "POST",
      token: admin.token,
      body: { sub: "alice", scopes: ["orders.read"], claims: { tid: "acme" }, ttl_seconds: 600 },
    });
    expect(minted.status).toBe(201);
    const jwt = (minted.body as { access_token: string }).access_token;
    const keys = await testIssuerJwks(await getDb());
    const key = await importJWK(keys!.keys[0]!, "ES256");
    const { payload } = await jwtVerify(jwt, key, { issuer: testIssuerUrl(), audience: TEST_AUDIENCE });
    expect(payload).toMatchObject({ sub: "alice", scp: ["orders.read"], scope: "orders.read", tid: "acme" });

    expect((await call(mintRoute.POST, { method: "POST", token: admin.token, body: { sub: "x", claims: { iss: "evil" } } })).status).toBe(422);
    expect((await call(mintRoute.POST, { method: "POST", token: viewer.token, body: { sub: "x" } })).status).toBe(403);

    await call(stateRoute.PUT, { method: "PUT", token: admin.token, body: { enabled: false } });
    expect((await call(jwksRoute.GET)).status).toBe(404);
  });
});
