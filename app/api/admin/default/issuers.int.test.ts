import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { trustedIssuers } from "@/lib/db/schema";
import { call } from "@/test/api-client";
import { adminViewerAndGateway, systemCall } from "@/test/gateways";
import { startLocalIdp, type LocalIdp } from "@/test/local-idp";
import * as issuersRoute from "./issuers/route";
import * as issuerRoute from "./issuers/[id]/route";
import * as configurationRoute from "@/app/api/system/default/gateways/configuration/route";

/** Trusted issuers (Settings › Identity sources) and what authorizers receive of them. */

interface IssuerView {
  id: string;
  issuer: string;
  jwks_uri: string;
  audiences: string[];
  introspection_endpoint: string | null;
  introspection_client_id: string | null;
  has_introspection_secret: boolean;
  enabled: boolean;
  version: number;
}

let admin: string;
let viewer: string;
let idp: LocalIdp;
let systemToken: string;

beforeAll(async () => {
  ({ admin, viewer, gatewayToken: systemToken } = await adminViewerAndGateway());
  idp = await startLocalIdp();
});
afterAll(async () => {
  await idp.close();
});

const create = (body: Record<string, unknown>, token = admin) => call(issuersRoute.POST, { method: "POST", token, body });
const config = async () => (await systemCall(configurationRoute.GET, { token: systemToken })).body as { issuer_url: string; jwks_url: string; trusted_issuers: Record<string, unknown>[] };
const SECRET = "s3cret-of-the-introspection-client";

describe("trusted issuers", () => {
  it("discovery fills jwks_uri; the introspection secret is stored encrypted and never returned", async () => {
    expect((await create({ issuer: idp.issuer }, viewer)).status).toBe(403);
    const res = await create({
      issuer: idp.issuer,
      audiences: ["petstore", "petstore"],
      introspection_endpoint: idp.introspectionEndpoint,
      introspection_client_id: "introspector",
      introspection_client_secret: SECRET,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      issuer: idp.issuer,
      jwks_uri: idp.jwksUri,
      audiences: ["petstore"],
      introspection_endpoint: idp.introspectionEndpoint,
      introspection_client_id: "introspector",
      has_introspection_secret: true,
      enabled: true,
      version: 1,
    });
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    const list = await call(issuersRoute.GET, { token: viewer });
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
    const [row] = await (await getDb()).select().from(trustedIssuers).where(eq(trustedIssuers.issuer, idp.issuer));
    expect(row!.introspectionClientSecretEncrypted).toMatch(/^v1\./);
    expect(row!.introspectionClientSecretEncrypted).not.toContain(SECRET);

    const c = await config();
    expect(c.trusted_issuers).toEqual([{ issuer: idp.issuer, jwks_uri: idp.jwksUri, audiences: ["petstore"], introspection_endpoint: idp.introspectionEndpoint }]);
    expect(c).toMatchObject({ issuer_url: idp.issuer, jwks_url: idp.jwksUri });
    expect(JSON.stringify(c)).not.toContain(SECRET);
    expect((await create({ issuer: idp.issuer })).status).toBe(409);
  });

  it("answers 422 when discovery fails, and skips it when jwks_uri is given", async () => {
    const expectFailure = async (body: Record<string, unknown>, pattern: RegExp) => {
      const res = await create(body);
      expect(res.status).toBe(422);
      const error = (res.body as { error: { code: string; message: string; fields: { path: string }[] } }).error;
      expect(error.code).toBe("issuer_discovery_failed");
      expect(error.message).toMatch(pattern);
      expect(error.fields[0]!.path).toBe("issuer");
    };
    await expectFailure({ issuer: "http://127.0.0.1:9/realm" }, /could not be reached/);
    idp.setDiscovery(500);
    await expectFailure({ issuer: `${idp.issuer}` }, /HTTP 500/);
    idp.setDiscovery({ issuer: "https://someone-else.test" });
    await expectFailure({ issuer: `${idp.issuer}` }, /names the issuer https:\/\/someone-else\.test/);
    idp.setDiscovery("hang");
    const started = Date.now();
    await expectFailure({ issuer: `${idp.issuer}` }, /did not answer within 5 s/);
    expect(Date.now() - started).toBeLessThan(8000);
    idp.setDiscovery("ok");

    const direct = await create({ issuer: "http://127.0.0.1:9/other", jwks_uri: "http://127.0.0.1:9/other/jwks" });
    expect(direct.status).toBe(201);
    expect((await create({ issuer: "ftp://x.test" })).status).toBe(422);
    expect((await create({ issuer: "http://127.0.0.1:9/x", jwks_uri: "http://127.0.0.1:9/x/jwks", introspection_client_secret: "s" })).status).toBe(422);
  }, 20_000);

  it("changes with the version read: disable, audiences, secret; disabled issuers leave the configuration", async () => {
    const list = ((await call(issuersRoute.GET, { token: admin })).body as { issuers: IssuerView[] }).issuers;
    const main = list.find((i) => i.issuer === idp.issuer)!;
    const disabled = await call(issuerRoute.PUT, { method: "PUT", token: admin, params: { id: main.id }, body: { version: main.version, enabled: false, audiences: ["a", "b"] } });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, audiences: ["a", "b"], has_introspection_secret: true, version: 2 });
    const c = await config();
    expect(c.trusted_issuers.map((i) => i.issuer)).toEqual(["http://127.0.0.1:9/other"]);
    expect(c.issuer_url).toBe("http://127.0.0.1:9/other");

    expect((await call(issuerRoute.PUT, { method: "PUT", token: admin, params: { id: main.id }, body: { version: 1, enabled: true } })).status).toBe(409);
    const cleared = await call(issuerRoute.PUT, { method: "PUT", token: admin, params: { id: main.id }, body: { version: 2, introspection_endpoint: null } });
    expect(cleared.body).toMatchObject({ introspection_endpoint: null, introspection_client_id: null, has_introspection_secret: false });
    const [row] = await (await getDb()).select().from(trustedIssuers).where(eq(trustedIssuers.id, main.id));
    expect(row!.introspectionClientSecretEncrypted).toBeNull();
    expect((await call(issuerRoute.GET, { token: viewer, params: { id: main.id } })).body).toMatchObject({ id: main.id, version: 3 });
  });

  it("deletes; with no trusted issuer the configuration names the console's own issuer", async () => {
    const list = ((await call(issuersRoute.GET, { token: admin })).body as { issuers: IssuerView[] }).issuers;
    expect((await call(issuerRoute.DELETE, { method: "DELETE", token: viewer, params: { id: list[0]!.id } })).status).toBe(403);
    for (const i of list) expect((await call(issuerRoute.DELETE, { method: "DELETE", token: admin, params: { id: i.id } })).status).toBe(204);
    expect((await call(issuerRoute.DELETE, { method: "DELETE", token: admin, params: { id: list[0]!.id } })).status).toBe(404);
    const c = await config();
    expect(c).toMatchObject({
      trusted_issuers: [],
      issuer_url: "http://localhost:3999/default/system",
      jwks_url: "http://localhost:3999/default/system/.well-known/jwks.json",
    });
  });
});
