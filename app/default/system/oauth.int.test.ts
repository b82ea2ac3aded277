import { eq, isNotNull } from "drizzle-orm";
import { decodeJwt, decodeProtectedHeader, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { signingKeys } from "@/lib/db/schema";
import { introspect } from "@/lib/oauth/introspect";
import { resetKeyCache } from "@/lib/oauth/keys";
import { MAX_FAILURES, resetClientThrottle } from "@/lib/oauth/throttle";
import { BASE, call, userWithToken } from "@/test/api-client";
import { accessToken, adminWithGateways, basic, createGateway, introspectionRequest, systemCall, tokenRequest, type CreatedGateway } from "@/test/gateways";
import { INTROSPECTION_CLIENT, startLocalIdp, type LocalIdp } from "@/test/local-idp";
import * as discoveryRoute from "./.well-known/openid-configuration/route";
import * as jwksRoute from "./.well-known/jwks.json/route";
import * as tokenRoute from "./oauth2/token/route";
import * as configurationRoute from "@/app/api/system/default/gateways/configuration/route";
import * as systemIntrospectRoute from "@/app/api/system/default/gateways/introspect/route";
import * as rotateKeysRoute from "@/app/api/admin/default/oauth/keys/rotate/route";
import * as issuersRoute from "@/app/api/admin/default/issuers/route";
import * as gatewayRoute from "@/app/api/admin/default/gateways/[gw]/route";

/** The `system` issuer of gateway clients: discovery, JWKS, token, introspection, key rotation. */

const ISSUER = "http://localhost:3999/default/system";
const SCOPES = "read_gateway_configuration write_gateway_configuration push_gateway_requests introspect_tokens";

let admin: string;
let gw: CreatedGateway;
let idp: LocalIdp;

beforeAll(async () => {
  ({ admin, gateways: [gw] } = await adminWithGateways({}));
  idp = await startLocalIdp();
});
afterAll(async () => {
  await idp.close();
});
beforeEach(() => resetClientThrottle());

async function getJson(handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>, path: string) {
  const res = await handler(new Request(`${BASE}${path}`), { params: Promise.resolve({}) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe("discovery and JWKS", () => {
  it("publishes the issuer's endpoints", async () => {
    const res = await getJson(discoveryRoute.GET, "/default/system/.well-known/openid-configuration");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/oauth2/token`,
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
      introspection_endpoint: `${ISSUER}/oauth2/introspect`,
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      response_types_supported: ["token"],
      scopes_supported: SCOPES.split(" "),
    });
  });

  it("the JWKS holds the key that signs tokens, and no private parts", async () => {
    const token = await accessToken(gw.client);
    const { keys } = (await getJson(jwksRoute.GET, "/default/system/.well-known/jwks.json")).body as { keys: Record<string, unknown>[] };
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: "ES256", typ: "at+jwt" });
    expect(keys.map((k) => k.kid)).toContain(header.kid);
    for (const k of keys) {
      expect(k).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
      expect(k.d).toBeUndefined();
    }
  });
});

describe("token endpoint", () => {
  it("issues a short-lived ES256 JWT for client_credentials, with no-store", async () => {
    const res = await tokenRequest({ grant_type: "client_credentials" }, { authorization: basic(gw.client.client_id, gw.client.client_secret) });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toMatchObject({ token_type: "bearer", expires_in: 300, scope: SCOPES });
    const claims = decodeJwt(res.body.access_token as string);
    expect(claims).toMatchObject({ iss: ISSUER, sub: gw.client.client_id, client_id: gw.client.client_id, aud: "http://localhost:3999/api/system/default", scope: SCOPES });
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(claims.jti).toEqual(expect.any(String));
  });

  it("narrows to requested scopes and refuses others with invalid_scope", async () => {
    const narrowed = await tokenRequest({ grant_type: "client_credentials", scope: "read_gateway_configuration", client_id: gw.client.client_id, client_secret: gw.client.client_secret });
    expect(narrowed.body.scope).toBe("read_gateway_configuration");
    const refused = await tokenRequest({ grant_type: "client_credentials", scope: "read_gateway_configuration manage_clients", client_id: gw.client.client_id, client_secret: gw.client.client_secret });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("invalid_scope");
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("answers RFC 6749 errors", async () => {
    const good = { client_id: gw.client.client_id, client_secret: gw.client.client_secret };
    const wrongPost = await tokenRequest({ grant_type: "client_credentials", client_id: gw.client.client_id, client_secret: "wrong" });
    expect(wrongPost.status).toBe(401);
    expect(wrongPost.body.error).toBe("invalid_client");
    expect(wrongPost.headers.get("www-authenticate")).toBeNull();
    expect(wrongPost.headers.get("cache-control")).toBe("no-store");

    const wrongBasic = await tokenRequest({ grant_type: "client_credentials" }, { authorization: basic(gw.client.client_id, "wrong") });
    expect(wrongBasic.status).toBe(401);
    expect(wrongBasic.headers.get("www-authenticate")).toMatch(/^Basic realm=/);

    const unknown = await tokenRequest({ grant_type: "client_credentials", client_id: "nobody", client_secret: "x" });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe("invalid_client");

    const anonymous = await tokenRequest({ grant_type: "client_credentials" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic/);

    const password = await tokenRequest({ grant_type: "password", ...good });
    expect(password.status).toBe(400);
    expect(password.body.error).toBe("unsupported_grant_type");

    const noGrant = await tokenRequest(good);
    expect(noGrant.status).toBe(400);
    expect(noGrant.body.error).toBe("invalid_request");

    const both = await tokenRequest({ grant_type: "client_credentials", client_secret: gw.client.client_secret }, { authorization: basic(gw.client.client_id, gw.client.client_secret) });
    expect(both.status).toBe(400);
    expect(both.body.error).toBe("invalid_request");

    const json = await tokenRequest({}, { "content-type": "application/json" });
    expect(json.status).toBe(415);
    expect(json.body.error).toBe("invalid_request");

    const repeatedRes = await tokenRoute.POST(
      new Request(`${BASE}/default/system/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `grant_type=client_credentials&grant_type=password&client_id=${gw.client.client_id}&client_secret=${gw.client.client_secret}`,
      }),
    );
    const repeated = { status: repeatedRes.status, body: (await repeatedRes.json()) as Record<string, unknown> };
    expect(repeated.status).toBe(400);
    expect(repeated.body.error).toBe("invalid_request");
    for (const r of [wrongPost, wrongBasic, unknown, password, noGrant, both, json, repeated]) {
      expect(r.body.error_description).toEqual(expect.any(String));
      expect(r.body.access_token).toBeUndefined();
    }
  });

  it(`throttles a client id after ${MAX_FAILURES} failures a minute: 429 slow_down with Retry-After`, async () => {
    const other = await createGateway(admin);
    for (let i = 0; i < MAX_FAILURES; i++) {
      const r = await tokenRequest({ grant_type: "client_credentials", client_id: gw.client.client_id, client_secret: `guess-${i}` });
      expect(r.status).toBe(401);
    }
    const throttled = await tokenRequest({ grant_type: "client_credentials", client_id: gw.client.client_id, client_secret: gw.client.client_secret });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error).toBe("slow_down");
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(throttled.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    // Other clients are not affected.
    expect((await tokenRequest({ grant_type: "client_credentials", client_id: other.client.client_id, client_secret: other.client.client_secret })).status).toBe(200);
  });
});

describe("signing key rotation", () => {
  it("publishes the new key and keeps the old one until its overlap ends", async () => {
    const oldToken = await accessToken(gw.client);
    const oldKid = decodeProtectedHeader(oldToken).kid;
    const viewer = (await userWithToken("viewer")).token;
    expect((await call(rotateKeysRoute.POST, { method: "POST", token: viewer })).status).toBe(403);

    const rotated = await call(rotateKeysRoute.POST, { method: "POST", token: admin });
    expect(rotated.status).toBe(200);
    const { kid } = rotated.body as { kid: string };
    expect(kid).not.toBe(oldKid);
    const newToken = await accessToken(gw.client);
    expect(decodeProtectedHeader(newToken).kid).toBe(kid);

    const { keys } = (await getJson(jwksRoute.GET, "/default/system/.well-known/jwks.json")).body as { keys: { kid: string }[] };
    expect(keys.map((k) => k.kid)).toEqual(expect.arrayContaining([kid, oldKid]));
    expect((await systemCall(configurationRoute.GET, { token: oldToken })).status).toBe(200);
    expect((await systemCall(configurationRoute.GET, { token: newToken })).status).toBe(200);

    const db = await getDb();
    const [old] = await db.select().from(signingKeys).where(eq(signingKeys.kid, oldKid!));
    // Default overlap: 24 h.
    expect(old!.expiresAt!.getTime() - old!.retiredAt!.getTime()).toBe(24 * 3600 * 1000);
    // When the overlap has ended, the old key leaves the JWKS and its tokens stop verifying.
    await db.update(signingKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(isNotNull(signingKeys.retiredAt));
    resetKeyCache();
    const after = (await getJson(jwksRoute.GET, "/default/system/.well-known/jwks.json")).body as { keys: { kid: string }[] };
    expect(after.keys.map((k) => k.kid)).toEqual([kid]);
    expect((await systemCall(configurationRoute.GET, { token: oldToken })).status).toBe(401);
    expect((await systemCall(configurationRoute.GET, { token: newToken })).status).toBe(200);
    // Signing keys are stored encrypted.
    const [row] = await db.select().from(signingKeys).where(eq(signingKeys.kid, kid));
    expect(row!.privateJwkEncrypted).toMatch(/^v1\./);
    expect(row!.privateJwkEncrypted).not.toContain('"d"');
  });
});

describe("introspection", () => {
  it("the public endpoint needs client authentication and the introspect_tokens scope", async () => {
    const token = await accessToken(gw.client);
    const anonymous = await introspectionRequest({ token });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe("invalid_client");
    const res = await introspectionRequest({ token }, { authorization: basic(gw.client.client_id, gw.client.client_secret) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ active: true, iss: ISSUER, client_id: gw.client.client_id, scope: SCOPES, aud: ["http://localhost:3999/api/system/default"] });
    expect(res.headers.get("cache-control")).toBe("no-store");
    const garbage = await introspectionRequest({ token: "garbage", client_id: gw.client.client_id, client_secret: gw.client.client_secret });
    expect(garbage.body).toEqual({ active: false });
  });

  it("a token of a deleted gateway is inactive", async () => {
    const doomed = await createGateway(admin);
    const token = await accessToken(doomed.client);
    expect((await systemCall(systemIntrospectRoute.POST, { token, method: "POST", form: { token } })).body).toMatchObject({ active: true });
    await call(gatewayRoute.DELETE, { method: "DELETE", token: admin, params: { gw: doomed.id } });
    // Its own token no longer reaches the system API; asked for that gateway, the answer is inactive.
    expect((await systemCall(systemIntrospectRoute.POST, { token, method: "POST", form: { token } })).status).toBe(401);
    expect(await introspect(await getDb(), token, doomed.id)).toEqual({ active: false });
  });

  it("checks JWTs of trusted issuers with their JWKS and audiences, and opaque tokens at their introspection endpoint", async () => {
    const created = await call(issuersRoute.POST, {
      method: "POST",
      token: admin,
      body: {
        issuer: idp.issuer,
        audiences: ["petstore"],
        introspection_endpoint: idp.introspectionEndpoint,
        introspection_client_id: INTROSPECTION_CLIENT.id,
        introspection_client_secret: INTROSPECTION_CLIENT.secret,
      },
    });
    expect(created.status).toBe(201);
    const checker = await accessToken(gw.client);
    const introspect = async (token: string) => (await systemCall(systemIntrospectRoute.POST, { token: checker, method: "POST", form: { token } })).body;

    const good = await idp.sign({ sub: "alice", aud: "petstore", scp: ["pets.read"] });
    expect(await introspect(good)).toMatchObject({ active: true, iss: idp.issuer, sub: "alice", aud: ["petstore"], scope: "pets.read" });
    expect(await introspect(await idp.sign({ sub: "alice", aud: "other-api" }))).toEqual({ active: false });
    expect(await introspect(`${good.slice(0, -4)}AAAA`)).toEqual({ active: false });
    expect(await introspect("opaque-good")).toMatchObject({ active: true, sub: "user-7", iss: idp.issuer });
    expect(await introspect("opaque-bad")).toEqual({ active: false });
    // An issuer nobody trusts is inactive.
    expect(await introspect(new UnsecuredJWT({ iss: "https://evil.test", sub: "x" }).encode())).toEqual({ active: false });
  });
});
