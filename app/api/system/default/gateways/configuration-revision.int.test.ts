import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/api-client";
import { accessToken, adminWithGateways, AUTO_BIND, group, systemCall, type CreatedGateway } from "@/test/gateways";
import { startLocalIdp, type LocalIdp } from "@/test/local-idp";
import { gunzipSync } from "node:zlib";
import { RELAY_REQUEST_HEADER, RELAY_RESPONSE_HEADER } from "@/lib/api/encoding-relay";
import * as configurationRoute from "./configuration/route";
import * as apiRoute from "@/app/api/admin/default/apis/[api]/route";
import * as promoteRoute from "@/app/api/admin/default/apis/[api]/promote-shadow/route";
import * as assignRoute from "@/app/api/admin/default/apis/assign/route";
import * as gatewayRoute from "@/app/api/admin/default/gateways/[gw]/route";
import * as unbindRoute from "@/app/api/admin/default/gateways/[gw]/groups/[group]/unbind/route";
import * as issuersRoute from "@/app/api/admin/default/issuers/route";
import * as policiesRoute from "@/app/api/admin/default/policies/route";
import * as policyRoute from "@/app/api/admin/default/policies/[pid]/route";
import * as serviceRoute from "@/app/api/admin/default/services/[sid]/route";
import * as testIssuerRoute from "@/app/api/admin/default/test-issuer/route";

/**
 * The configuration is served from a cache per gateway revision, so a write that changes a
 * document without bumping its revision would leave authorizers on the old one. Each kind of write
 * is made through the admin or system API, as users and authorizers make them, and each gateway's
 * document is then read as an authorizer reads it: the body and ETag change exactly when the
 * document's content does, and only for the gateways it concerns.
 */
interface Poll {
  etag: string;
  body: string;
}
interface Configuration {
  apis: { id: string; path: string; policy_id?: string; shadow_policy_id?: string; service_id: string }[];
  services: { id: string; name: string; api_group_id: string }[];
  policies: { id: string; validators: unknown[] }[];
  settings: Record<string, unknown>;
}

let admin: string;
let a: CreatedGateway;
let b: CreatedGateway;
let tokenA: string;
let tokenB: string;
let idp: LocalIdp;

beforeAll(async () => {
  ({ admin, gateways: [a, b] } = await adminWithGateways(AUTO_BIND, AUTO_BIND));
  [tokenA, tokenB] = [await accessToken(a.client), await accessToken(b.client)];
  idp = await startLocalIdp();
  await systemCall(configurationRoute.POST, { token: tokenB, method: "POST", body: { api_groups: [group("bbbbbbbbbb", "prod", [["GET", "/b"]])] } });
});
afterAll(async () => {
  await idp.close();
});

async function poll(token: string): Promise<Poll> {
  const res = await systemCall(configurationRoute.GET, { token });
  expect(res.status).toBe(200);
  return { etag: res.headers.get("etag")!, body: res.text };
}
const doc = async (token = tokenA) => JSON.parse((await poll(token)).body) as Configuration;

/** Runs `write`; expects A's document to change iff `changesA`, and B's iff `changesB`. */
async function expectWrite(write: () => Promise<{ status: number }>, changesA: boolean, changesB = false) {
  const [beforeA, beforeB] = [await poll(tokenA), await poll(tokenB)];
  const res = await write();
  expect(res.status).toBeLessThan(300);
  const [afterA, afterB] = [await poll(tokenA), await poll(tokenB)];
  expect({ body: afterA.body !== beforeA.body, etag: afterA.etag !== beforeA.etag }).toEqual({ body: changesA, etag: changesA });
  expect({ body: afterB.body !== beforeB.body, etag: afterB.etag !== beforeB.etag }).toEqual({ body: changesB, etag: changesB });
  // The held ETag answers 304 exactly when nothing changed.
  const conditional = await systemCall(configurationRoute.GET, { token: tokenA, headers: { "if-none-match": beforeA.etag } });
  expect(conditional.status).toBe(changesA ? 200 : 304);
}

const push = (apis: [string, string][]) => () =>
  systemCall(configurationRoute.POST, { token: tokenA, method: "POST", body: { api_groups: [group("aaaaaaaaaa", "prod", apis)] } });

describe("configuration served from the revision", () => {
  it("changes body and ETag after every write that changes the document, and only then", async () => {
    // Groups: a new group (bound automatically) changes A; the same push again changes nothing.
    await expectWrite(push([["GET", "/pets"], ["POST", "/pets"]]), true);
    await expectWrite(push([["GET", "/pets"], ["POST", "/pets"]]), false);
    await expectWrite(push([["GET", "/pets"], ["POST", "/pets"], ["GET", "/pets/{id}"]]), true);

    // Assignments: a policy on an API changes A; assigning the same policy again does not.
    const policy = await call(policiesRoute.POST, { method: "POST", token: admin, body: { policy_name: `p-${Date.now()}`, validators: [{ name: "true" }] } });
    expect(policy.status).toBe(201);
    const pid = (policy.body as { id: string }).id;
    const api = (await doc()).apis.find((x) => x.path === "/pets")!;
    await expectWrite(() => call(apiRoute.PUT, { method: "PUT", token: admin, params: { api: api.id }, body: { policy_id: pid, version: 1 } }), true);
    await expectWrite(() => call(apiRoute.PUT, { method: "PUT", token: admin, params: { api: api.id }, body: { policy_id: pid, version: 2 } }), false);

    // Policies: editing the assigned policy's rules changes A; an unused policy changes nothing.
    await expectWrite(() => call(policyRoute.PUT, { method: "PUT", token: admin, params: { pid }, body: { version: 1, validators: [{ name: "false" }] } }), true);
    expect((await doc()).policies.find((p) => p.id === pid)!.validators).toEqual([{ name: "false" }]);
    const unused = await call(policiesRoute.POST, { method: "POST", token: admin, body: { policy_name: `u-${Date.now()}`, validators: [{ name: "true" }] } });
    await expectWrite(() => call(policyRoute.PUT, { method: "PUT", token: admin, params: { pid: (unused.body as { id: string }).id }, body: { version: 1, validators: [{ name: "false" }] } }), false);

    // Shadow policies: setting one changes A (the shadow-only policy joins policies[]), the same
    // again does not; editing a policy used only as a shadow changes A; clearing (in bulk),
    // setting again and promoting each change A.
    const shadow = await call(policiesRoute.POST, { method: "POST", token: admin, body: { policy_name: `s-${Date.now()}`, validators: [{ name: "true" }] } });
    const shadowId = (shadow.body as { id: string }).id;
    const shadowed = (await doc()).apis.find((x) => x.path === "/pets/{id}")!;
    const putShadow = (shadowPolicyId: string | null, version: number) => () =>
      call(apiRoute.PUT, { method: "PUT", token: admin, params: { api: shadowed.id }, body: { shadow_policy_id: shadowPolicyId, version } });
    await expectWrite(putShadow(shadowId, 1), true);
    expect((await doc()).apis.find((x) => x.id === shadowed.id)!.shadow_policy_id).toBe(shadowId);
    expect((await doc()).policies.map((p) => p.id)).toContain(shadowId);
    await expectWrite(putShadow(shadowId, 2), false);
    await expectWrite(() => call(policyRoute.PUT, { method: "PUT", token: admin, params: { pid: shadowId }, body: { version: 1, validators: [{ name: "false" }] } }), true);
    expect((await doc()).policies.find((p) => p.id === shadowId)!.validators).toEqual([{ name: "false" }]);
    await expectWrite(() => call(assignRoute.POST, { method: "POST", token: admin, body: { api_ids: [shadowed.id], shadow_policy_id: null } }), true);
    expect((await doc()).policies.map((p) => p.id)).not.toContain(shadowId);
    await expectWrite(putShadow(shadowId, 3), true);
    await expectWrite(() => call(promoteRoute.POST, { method: "POST", token: admin, params: { api: shadowed.id }, body: { version: 4 } }), true);
    expect((await doc()).apis.find((x) => x.id === shadowed.id)).toMatchObject({ policy_id: shadowId });

    // Services: a bound service's name is in the document.
    const service = (await doc()).services[0]!;
    await expectWrite(() => call(serviceRoute.PUT, { method: "PUT", token: admin, params: { sid: service.id }, body: { version: 2, name: "Pets (renamed)" } }), true);
    expect((await doc()).services[0]!.name).toBe("Pets (renamed)");

    // Settings: an authorizer setting changes A; the gateway's description (not sent) does not.
    const gw = (await call(gatewayRoute.GET, { token: admin, params: { gw: a.id } })).body as { version: number };
    await expectWrite(() => call(gatewayRoute.PUT, { method: "PUT", token: admin, params: { gw: a.id }, body: { version: gw.version, settings: { ACP_RELOAD_INTERVAL: "7s" } } }), true);
    expect((await doc()).settings.ACP_RELOAD_INTERVAL).toBe("7s");
    await expectWrite(() => call(gatewayRoute.PUT, { method: "PUT", token: admin, params: { gw: a.id }, body: { version: gw.version + 1, description: "not in the document" } }), false);

    // Trusted issuers and the test issuer are in every gateway's document.
    await expectWrite(() => call(issuersRoute.POST, { method: "POST", token: admin, body: { issuer: idp.issuer } }), true, true);
    await expectWrite(() => call(testIssuerRoute.PUT, { method: "PUT", token: admin, body: { enabled: true } }), true, true);
    await expectWrite(() => call(testIssuerRoute.PUT, { method: "PUT", token: admin, body: { enabled: true } }), false, false);

    // Bindings: disconnecting the group empties A's document.
    await expectWrite(() => call(unbindRoute.DELETE, { method: "DELETE", token: admin, params: { gw: a.id, group: "aaaaaaaaaa-prod" } }), true);
    expect((await doc()).apis).toEqual([]);
  });

  it("serves gzip to a caller that accepts it: the same document, its own strong ETag, 304 for either tag", async () => {
    const plain = await poll(tokenA);
    const res = await configurationRoute.GET(
      new Request("http://localhost:3999/api/system/default/gateways/configuration", {
        headers: { authorization: `Bearer ${tokenA}`, "accept-encoding": "gzip, deflate, br", [RELAY_REQUEST_HEADER]: "1" },
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get(RELAY_RESPONSE_HEADER)).toBe("gzip");
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    const gzEtag = res.headers.get("etag")!;
    expect(gzEtag).not.toBe(plain.etag);
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString("utf8")).toBe(plain.body);
    for (const held of [plain.etag, gzEtag]) {
      const again = await systemCall(configurationRoute.GET, { token: tokenA, headers: { "if-none-match": held, "accept-encoding": "gzip", [RELAY_REQUEST_HEADER]: "1" } });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(gzEtag);
    }
    const refused = await systemCall(configurationRoute.GET, { token: tokenA, headers: { "accept-encoding": "gzip;q=0, identity", [RELAY_REQUEST_HEADER]: "1" } });
    expect(refused.headers.get("content-encoding")).toBeNull();
    expect(refused.text).toBe(plain.body);
    // Without a server that relays the encoding (next dev), identity whatever the caller accepts.
    const direct = await systemCall(configurationRoute.GET, { token: tokenA, headers: { "accept-encoding": "gzip" } });
    expect(direct.headers.get("content-encoding")).toBeNull();
    expect(direct.text).toBe(plain.body);
  });
});
