import {
  APIGatewayClient,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetAuthorizersCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsoleServer, type ConsoleServer } from "@/test/console-server";
import { connectGroup, createTestGateway, disconnectGroup, groupsOf } from "@/test/console-state";
import { motoEnv, startMoto, type Moto } from "@/test/moto/start";
import { Authorizer } from "./authorizer";
import { authorizerUri, IDENTITY_SOURCE } from "./sync/attach";

/**
 * The scheduled sync against the AWS emulator (moto, with the UpdateMethod and paging support of
 * test/moto) and the console's real system routes: discovery of two REST APIs with several
 * stages (small pages, so every list is paged), the push, attaching to connected groups only,
 * and detaching after a disconnect — never touching another authorizer's methods. Then a second
 * gateway's authorizer (another function) in the same region on the same REST API: ownership is
 * by the function an authorizer's URI names, never by its name.
 */
const FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:gatehouse-authorizer";
const FUNCTION_ARN_B = "arn:aws:lambda:us-east-1:123456789012:function:gatehouse-authorizer-b";
const URI_A = authorizerUri(FUNCTION_ARN)!;
const URI_B = authorizerUri(FUNCTION_ARN_B)!;
const scheduled = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "scheduled-event.json"), "utf8")) as unknown;

let moto: Moto;
let console_: ConsoleServer;
let aws: APIGatewayClient;
let authorizer: Authorizer;
let authorizerB: Authorizer | undefined;
let gateway: Awaited<ReturnType<typeof createTestGateway>>;
const savedEnv: Record<string, string | undefined> = {};
const logs: Record<string, unknown>[] = [];
let pets: { id: string; otherAuthorizerId: string };
let orders: { id: string };

async function restApi(name: string, tree: Record<string, string[]>, stages: string[]) {
  const api = await aws.send(new CreateRestApiCommand({ name }));
  const id = api.id!;
  const root = (await aws.send(new GetResourcesCommand({ restApiId: id }))).items!.find((r) => r.path === "/")!;
  const ids: Record<string, string> = { "/": root.id! };
  for (const p of Object.keys(tree).sort()) {
    if (p !== "/") {
      const parent = p.slice(0, p.lastIndexOf("/")) || "/";
      const created = await aws.send(new CreateResourceCommand({ restApiId: id, parentId: ids[parent]!, pathPart: p.slice(p.lastIndexOf("/") + 1) }));
      ids[p] = created.id!;
    }
    for (const verb of tree[p]!) {
      await aws.send(new PutMethodCommand({ restApiId: id, resourceId: ids[p]!, httpMethod: verb, authorizationType: "NONE" }));
      await aws.send(new PutIntegrationCommand({ restApiId: id, resourceId: ids[p]!, httpMethod: verb, type: "MOCK" }));
    }
  }
  for (const stage of stages) await aws.send(new CreateDeploymentCommand({ restApiId: id, stageName: stage }));
  return { id, ids };
}

async function methods(restApiId: string) {
  const out: Record<string, { type: string; authorizerId: string | null }> = {};
  let position: string | undefined;
  do {
    const page = await aws.send(new GetResourcesCommand({ restApiId, embed: ["methods"], limit: 500, position }));
    for (const r of page.items ?? []) {
      for (const [verb, m] of Object.entries(r.resourceMethods ?? {})) out[`${verb} ${r.path}`] = { type: m.authorizationType ?? "NONE", authorizerId: m.authorizerId ?? null };
    }
    position = page.position;
  } while (position);
  return out;
}

async function authorizersOf(restApiId: string) {
  return (await aws.send(new GetAuthorizersCommand({ restApiId }))).items ?? [];
}

/** Gateway A's authorizer: the one whose URI names A's function (its name proves nothing). */
async function ourAuthorizer(restApiId: string) {
  return (await authorizersOf(restApiId)).find((a) => a.authorizerUri === URI_A);
}

type SyncResult = {
  ok: boolean;
  sync: { restApis: number; discovered: number; groups: number; attached: number; detached: number; complete: boolean; errors: string[] };
};
const runSync = () => authorizer.handle(scheduled, { invokedFunctionArn: FUNCTION_ARN, getRemainingTimeInMillis: () => 60_000 }) as Promise<SyncResult>;

beforeAll(async () => {
  moto = await startMoto();
  for (const [k, v] of Object.entries(motoEnv(moto.endpoint))) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
  aws = new APIGatewayClient({ endpoint: moto.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const p = await restApi(
    "Pets",
    { "/": [], "/pets": ["GET", "POST", "OPTIONS"], "/pets/{petId}": ["GET", "DELETE", "OPTIONS"], "/pets/{petId}/toys": ["ANY"], "/admin": ["GET"] },
    ["prod", "dev"],
  );
  // One method secured by another authorizer: the sync must never touch it.
  const other = await aws.send(
    new CreateAuthorizerCommand({
      restApiId: p.id,
      name: "someone-elses",
      type: "TOKEN",
      authorizerUri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:other/invocations",
      identitySource: "method.request.header.Authorization",
    }),
  );
  await aws.send(new PutMethodCommand({ restApiId: p.id, resourceId: p.ids["/admin"]!, httpMethod: "POST", authorizationType: "CUSTOM", authorizerId: other.id }));
  pets = { id: p.id, otherAuthorizerId: other.id! };
  orders = await restApi("Orders", { "/orders": ["GET", "POST"], "/orders/{id}": ["GET", "PUT"] }, ["v1", "v2", "v3"]);

  console_ = await startConsoleServer();
  gateway = await createTestGateway();
  authorizer = new Authorizer({
    env: {
      ACP_ISSUER_URL: console_.issuerUrl,
      ACP_CLIENT_ID: gateway.client.client_id,
      ACP_CLIENT_SECRET: gateway.client.client_secret,
      AWS_REGION: "us-east-1",
      AWS_AUTHORIZER_CACHE_TTL: "0",
      LOGGING_LEVEL: "info",
    },
    sink: (l) => logs.push(JSON.parse(l) as Record<string, unknown>),
    // Pages of one item: every list call (REST APIs, resources) needs several pages.
    syncPageLimit: 1,
  });
}, 120_000);

afterAll(async () => {
  authorizer?.close();
  authorizerB?.close();
  await console_?.close();
  await moto?.stop();
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("scheduled sync on the AWS emulator", () => {
  it("discovers both REST APIs and all their stages across pages, and pushes one group per API and stage", async () => {
    // The emulator does page (so the sync's paging is exercised, not bypassed).
    expect((await aws.send(new GetResourcesCommand({ restApiId: pets.id, limit: 1 }))).position).toBeTruthy();
    const r = await runSync();
    expect(r.sync).toMatchObject({ restApis: 2, discovered: 2, groups: 5, complete: true, attached: 0, detached: 0, errors: [] });
    const groups = await groupsOf(gateway.id);
    expect(groups.map((g) => g.id).sort()).toEqual([`${orders.id}-v1`, `${orders.id}-v2`, `${orders.id}-v3`, `${pets.id}-dev`, `${pets.id}-prod`].sort());
    const prod = groups.find((g) => g.id === `${pets.id}-prod`)!;
    expect(prod.name).toBe("Pets (prod)");
    expect(prod.metadata).toEqual({ type: "aws", aws: { api_id: pets.id, api_name: "Pets", stage: "prod" } });
    expect(prod.apis.map((a) => `${a.method} ${a.path}`).sort()).toEqual(
      ["DELETE /pets/{petId}", "GET /admin", "GET /pets", "GET /pets/{petId}", "POST /admin", "POST /pets", "ANY /pets/{petId}/toys"].sort(),
    );
    expect(await ourAuthorizer(pets.id)).toBeUndefined(); // nothing connected yet
  });

  it("attaches only to the connected REST API's non-OPTIONS methods, leaving another authorizer's method alone", async () => {
    await connectGroup(gateway.id, `${pets.id}-prod`, "Pets");
    const r = await runSync();
    expect(r.ok).toBe(true);
    const ours = await ourAuthorizer(pets.id);
    expect(ours).toMatchObject({
      name: `gatehouse-${gateway.id.slice(0, 8)}`, // the console's unique default for the gateway
      type: "REQUEST",
      identitySource: IDENTITY_SOURCE,
      authorizerResultTtlInSeconds: 0,
      authorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`,
    });
    const m = await methods(pets.id);
    for (const key of ["GET /pets", "POST /pets", "GET /pets/{petId}", "DELETE /pets/{petId}", "ANY /pets/{petId}/toys", "GET /admin"]) {
      expect(m[key], key).toEqual({ type: "CUSTOM", authorizerId: ours!.id });
    }
    expect(m["OPTIONS /pets"]!.type).toBe("NONE");
    expect(m["OPTIONS /pets/{petId}"]!.type).toBe("NONE");
    expect(m["POST /admin"]).toEqual({ type: "CUSTOM", authorizerId: pets.otherAuthorizerId });
    expect(r.sync.attached).toBe(6);
    // The other REST API is not connected: no authorizer, no change.
    expect(await ourAuthorizer(orders.id)).toBeUndefined();
    expect(Object.values(await methods(orders.id)).every((x) => x.type === "NONE")).toBe(true);
    // Idempotent: a second run changes nothing.
    expect((await runSync()).sync.attached).toBe(0);
  });

  it("detaches after a disconnect, still leaving the other authorizer's method alone", async () => {
    await disconnectGroup(gateway.id, `${pets.id}-prod`);
    const r = await runSync();
    expect(r.sync.detached).toBe(6);
    const m = await methods(pets.id);
    for (const [key, v] of Object.entries(m)) {
      if (key === "POST /admin") expect(v).toEqual({ type: "CUSTOM", authorizerId: pets.otherAuthorizerId });
      else expect(v.type, key).toBe("NONE");
    }
    expect((await runSync()).sync.detached).toBe(0);
  });
});

describe("two gateways' authorizers (two functions) in one region on one REST API", () => {
  let shared: { id: string; ids: Record<string, string> };
  let gatewayB: Awaited<ReturnType<typeof createTestGateway>>;
  let nameA: string;
  const runSyncB = () => authorizerB!.handle(scheduled, { invokedFunctionArn: FUNCTION_ARN_B, getRemainingTimeInMillis: () => 60_000 }) as Promise<SyncResult>;

  beforeAll(async () => {
    shared = await restApi("Shared", { "/items": ["GET", "POST", "OPTIONS"], "/items/{id}": ["GET"] }, ["prod"]);
    // The worst case: B's authorizer is configured with exactly A's authorizer name (as every
    // stack once shared cloudentity-acp-authorizer).
    nameA = gateway.settings.AWS_AUTHORIZER_NAME;
    gatewayB = await createTestGateway({ settings: { AWS_AUTHORIZER_NAME: nameA } });
    authorizerB = new Authorizer({
      env: {
        ACP_ISSUER_URL: console_.issuerUrl,
        ACP_CLIENT_ID: gatewayB.client.client_id,
        ACP_CLIENT_SECRET: gatewayB.client.client_secret,
        AWS_REGION: "us-east-1",
        AWS_AUTHORIZER_CACHE_TTL: "0",
        AWS_AUTHORIZER_NAME: nameA,
        LOGGING_LEVEL: "info",
      },
      sink: () => {},
    });
  }, 60_000);

  it("A connected attaches; B, not connected, syncs three times and detaches none of A's methods", async () => {
    expect((await runSync()).sync.errors).toEqual([]); // A discovers Shared
    await connectGroup(gateway.id, `${shared.id}-prod`, "Shared");
    const r = await runSync();
    expect(r.sync.attached).toBe(3);
    const a = await ourAuthorizer(shared.id);
    expect(a?.name).toBe(nameA);
    const attachedByA = await methods(shared.id);
    for (const key of ["GET /items", "POST /items", "GET /items/{id}"]) expect(attachedByA[key], key).toEqual({ type: "CUSTOM", authorizerId: a!.id });

    for (let i = 0; i < 3; i++) {
      const b = await runSyncB();
      expect(b.ok, JSON.stringify(b.sync)).toBe(true);
      expect(b.sync).toMatchObject({ attached: 0, detached: 0, errors: [] });
      expect(await methods(shared.id)).toEqual(attachedByA);
    }
    expect(await authorizersOf(shared.id)).toEqual([a]); // nothing created, A's untouched
  });

  it("B connected while A is too: B creates its own authorizer under a suffixed name, never rewrites A's, leaves A's methods alone", async () => {
    const before = await methods(shared.id);
    const a = await ourAuthorizer(shared.id);
    await connectGroup(gatewayB.id, `${shared.id}-prod`, "Shared via B");
    for (let i = 0; i < 2; i++) {
      const b = await runSyncB();
      expect(b.ok, JSON.stringify(b.sync)).toBe(true);
      expect(b.sync).toMatchObject({ attached: 0, detached: 0 });
    }
    expect(await methods(shared.id)).toEqual(before);
    const all = await authorizersOf(shared.id);
    expect(all).toHaveLength(2);
    expect(all.find((x) => x.id === a!.id)).toEqual(a); // URI, name, sources, TTL: unchanged
    const suffix = createHash("sha256").update(FUNCTION_ARN_B).digest("hex").slice(0, 8);
    expect(all.find((x) => x.id !== a!.id)).toMatchObject({ name: `${nameA}-${suffix}`, type: "REQUEST", authorizerUri: URI_B, identitySource: IDENTITY_SOURCE });
    // A, syncing again, leaves B's authorizer alone and keeps its methods.
    const r = await runSync();
    expect(r.sync).toMatchObject({ attached: 0, detached: 0, errors: [] });
    expect(await authorizersOf(shared.id)).toEqual(all);
    expect(await methods(shared.id)).toEqual(before);
    // B disconnected again: still nothing of A's is detached.
    await disconnectGroup(gatewayB.id, `${shared.id}-prod`);
    expect((await runSyncB()).sync).toMatchObject({ attached: 0, detached: 0 });
    expect(await methods(shared.id)).toEqual(before);
  });

  it("adopts an authorizer named cloudentity-acp-authorizer whose URI is A's function, without creating a second one", async () => {
    const legacy = await restApi("Legacy", { "/things": ["GET", "POST"] }, ["prod"]);
    const old = await aws.send(
      new CreateAuthorizerCommand({
        restApiId: legacy.id,
        name: "cloudentity-acp-authorizer",
        type: "REQUEST",
        authorizerUri: URI_A,
        identitySource: "method.request.header.Authorization",
        authorizerResultTtlInSeconds: 300,
      }),
    );
    expect((await runSync()).sync.errors).toEqual([]); // discovers Legacy
    await connectGroup(gateway.id, `${legacy.id}-prod`, "Legacy");
    const r = await runSync();
    expect(r.sync).toMatchObject({ attached: 2, detached: 0, errors: [] });
    const all = await authorizersOf(legacy.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: old.id, name: "cloudentity-acp-authorizer", authorizerUri: URI_A, identitySource: IDENTITY_SOURCE, authorizerResultTtlInSeconds: 0 });
    const m = await methods(legacy.id);
    expect(m["GET /things"]).toEqual({ type: "CUSTOM", authorizerId: old.id });
    expect(m["POST /things"]).toEqual({ type: "CUSTOM", authorizerId: old.id });
  });
});
