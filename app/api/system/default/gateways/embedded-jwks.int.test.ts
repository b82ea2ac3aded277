import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as configurationRoute from "@/app/api/system/default/gateways/configuration/route";
import * as issuerRoute from "@/app/api/admin/default/issuers/[id]/route";
import * as issuersRoute from "@/app/api/admin/default/issuers/route";
import { getDb } from "@/lib/db/client";
import { gateways, trustedIssuers } from "@/lib/db/schema";
import { call, userWithToken } from "@/test/api-client";
import { accessToken, createGateway, systemCall, type CreatedGateway } from "@/test/gateways";
import { validateAgainst, responseSchema } from "@/test/openapi";
import { refreshAllIssuerJwks, refreshIssuerJwks } from "@/lib/issuers/jwks-refresh";
import { parseConfiguration } from "@/protocol/configuration";

/**
 * The console's background JWKS refresh and the configuration document that embeds its result
 * (`trusted_issuers[].jwks`, `jwks_fetched_at`): changed keys change the document and its ETag;
 * the same keys, or a JWKS that cannot be fetched, change neither.
 */
let server: Server;
let base = "";
let keys: Record<string, unknown>[] = [];
let reachable = true;
let gw: CreatedGateway;
let token: string;
let issuerId: string;

const newKey = async (kid: string) => ({ ...(await exportJWK((await generateKeyPair("RS256", { extractable: true })).publicKey)), kid, alg: "RS256", use: "sig" });

beforeAll(async () => {
  server = createServer((req, res) => {
    if (!reachable) return void req.socket.destroy();
    res.writeHead(200, { "content-type": "application/json" });
    // A private member the issuer should never publish is dropped by the console.
    res.end(JSON.stringify({ keys: keys.map((k) => ({ ...k, x5c: ["ignored"] })) }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  keys = [await newKey("one")];
  const admin = (await userWithToken("admin")).token;
  gw = await createGateway(admin);
  token = await accessToken(gw.client);
  const created = await call(issuersRoute.POST, { method: "POST", token: admin, body: { issuer: `${base}/realm`, jwks_uri: `${base}/realm/jwks`, audiences: ["petstore"] } });
  expect(created.status).toBe(201);
  issuerId = (created.body as { id: string }).id;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function configuration() {
  const res = await systemCall(configurationRoute.GET, { token });
  expect(res.status).toBe(200);
  const body = res.body as { trusted_issuers: { issuer: string; jwks?: { keys: Record<string, unknown>[] }; jwks_fetched_at?: string }[] };
  return { etag: res.headers.get("etag"), issuer: body.trusted_issuers.find((i) => i.issuer === `${base}/realm`)!, body: res.body };
}

async function revision(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ r: gateways.configRevision }).from(gateways).where(eq(gateways.id, gw.id));
  return row!.r;
}

async function issuerRow() {
  const db = await getDb();
  const [row] = await db.select().from(trustedIssuers).where(eq(trustedIssuers.id, issuerId));
  return row!;
}

describe("the trusted issuers' JWKS in the configuration", () => {
  it("is absent until the console fetched it, then embedded with its fetch time; the document still conforms to Cloudentity's GatewayConfiguration", async () => {
    const before = await configuration();
    expect(before.issuer.jwks).toBeUndefined();
    const counts = await refreshAllIssuerJwks(await getDb());
    expect(counts.changed).toBe(1);
    const after = await configuration();
    expect(after.etag).not.toBe(before.etag);
    expect(after.issuer.jwks).toEqual({ keys: [{ kty: "RSA", kid: "one", alg: "RS256", use: "sig", n: keys[0]!.n, e: keys[0]!.e }] });
    expect(Date.parse(after.issuer.jwks_fetched_at!)).toBeGreaterThan(Date.now() - 60_000);
    expect(validateAgainst(responseSchema("/gateways/configuration", "get", "200"), after.body)).toEqual([]);
    // The authorizer's validator takes the embedded keys, with their fetch time in epoch ms.
    const parsed = parseConfiguration(after.body);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.config.trusted_issuers?.find((i) => i.issuer === `${base}/realm`)).toMatchObject({
      jwks: after.issuer.jwks,
      jwks_fetched_at: Date.parse(after.issuer.jwks_fetched_at!),
    });
  });

  it("a refresh that finds the same keys changes nothing: same revision, same document, same ETag", async () => {
    const before = await configuration();
    const rev = await revision();
    expect(await refreshIssuerJwks(await getDb(), await issuerRow())).toBe("unchanged");
    expect(await revision()).toBe(rev);
    const after = await configuration();
    expect(after.etag).toBe(before.etag);
    expect(after.body).toEqual(before.body);
  });

  it("a refresh that finds other keys (a rotation) changes the document and bumps every gateway's revision", async () => {
    const before = await configuration();
    const rev = await revision();
    keys = [await newKey("two"), keys[0]!];
    expect(await refreshIssuerJwks(await getDb(), await issuerRow())).toBe("changed");
    expect(await revision()).toBeGreaterThan(rev);
    const after = await configuration();
    expect(after.etag).not.toBe(before.etag);
    expect(after.issuer.jwks!.keys.map((k) => k.kid)).toEqual(["two", "one"]);
    keys = [keys[0]!]; // "one" removed
    expect(await refreshIssuerJwks(await getDb(), await issuerRow())).toBe("changed");
    expect((await configuration()).issuer.jwks!.keys.map((k) => k.kid)).toEqual(["two"]);
  });

  it("an unreachable JWKS changes nothing (authorizers age the embedded keys out themselves)", async () => {
    const before = await configuration();
    const rev = await revision();
    reachable = false;
    try {
      expect(await refreshIssuerJwks(await getDb(), await issuerRow())).toBe("failed");
    } finally {
      reachable = true;
    }
    expect(await revision()).toBe(rev);
    expect((await configuration()).etag).toBe(before.etag);
  });

  it("the same keys are re-stamped once older than half the smallest JWKS_MAX_AGE, so cold authorizers can still use them", async () => {
    const row = await issuerRow();
    const rev = await revision();
    const later = new Date(row.jwksFetchedAt!.getTime() + 5 * 60_000 + 1000); // default JWKS_MAX_AGE 10m → 5m
    expect(await refreshIssuerJwks(await getDb(), row, { now: later })).toBe("restamped");
    expect(await revision()).toBeGreaterThan(rev);
    expect((await configuration()).issuer.jwks_fetched_at).toBe(later.toISOString());
  });

  it("changing the issuer's jwks_uri drops the keys fetched from the old one", async () => {
    const admin = (await userWithToken("admin")).token;
    const row = await issuerRow();
    const res = await call(issuerRoute.PUT, { method: "PUT", token: admin, params: { id: issuerId }, body: { version: row.version, jwks_uri: `${base}/other/jwks` } });
    expect(res.status).toBe(200);
    expect((await issuerRow()).jwks).toBeNull();
    expect((await configuration()).issuer.jwks).toBeUndefined();
  });
});
