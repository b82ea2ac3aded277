import type { Authorizer, PatchOperation, Resource } from "@aws-sdk/client-api-gateway";
import { describe, expect, it } from "vitest";
import { realClock, type Clock } from "../../protocol/clock";
import { Logger } from "../log";
import type { ApiGatewayPort } from "./api-gateway";
import { authorizerUri, IDENTITY_SOURCE, reconcileRestApi } from "./attach";
import { describeRestApi } from "./discover";
import { apiGroupsOf } from "./groups";
import { runSync, type SyncDeps } from "./run";
import { Throttle } from "./throttle";

const log = new Logger("error", () => {});
const FN = "arn:aws:lambda:us-east-1:123456789012:function:gatehouse-authorizer";

/** An in-memory API Gateway (unit level; the moto integration test covers the real SDK calls). */
function fakePort(resources: Resource[], authorizers: Authorizer[] = []) {
  const updates: { resourceId: string; httpMethod: string; ops: PatchOperation[] }[] = [];
  const authorizerUpdates: PatchOperation[][] = [];
  const port: ApiGatewayPort = {
    getRestApis: () => Promise.resolve({ items: [{ id: "api1", name: "Pets" }] }),
    getStageNames: () => Promise.resolve(["prod", "dev"]),
    getResources: (_id, limit, position) => {
      const start = Number(position ?? 0);
      const next = start + limit;
      return Promise.resolve({ items: resources.slice(start, next), ...(next < resources.length ? { position: String(next) } : {}) });
    },
    getAuthorizers: () => Promise.resolve({ items: authorizers }),
    createAuthorizer: (input) => {
      const a = { id: "new-auth", name: input.name, authorizerUri: input.authorizerUri, identitySource: input.identitySource, authorizerResultTtlInSeconds: input.ttlSeconds };
      authorizers.push(a);
      return Promise.resolve(a);
    },
    updateAuthorizer: (_api, _id, ops) => {
      authorizerUpdates.push(ops);
      return Promise.resolve();
    },
    updateMethod: (_api, resourceId, httpMethod, ops) => {
      updates.push({ resourceId, httpMethod, ops });
      return Promise.resolve();
    },
  };
  return { port, updates, authorizerUpdates, authorizers };
}

const m = (authorizationType: string, authorizerId?: string) => ({ authorizationType, ...(authorizerId ? { authorizerId } : {}) });
const RESOURCES: Resource[] = [
  { id: "r0", path: "/" },
  { id: "r1", path: "/pets", resourceMethods: { GET: m("NONE"), POST: m("NONE"), OPTIONS: m("NONE") } },
  { id: "r2", path: "/pets/{petId}", resourceMethods: { GET: m("CUSTOM", "theirs"), DELETE: m("AWS_IAM"), ANY: m("CUSTOM", "ours") } },
  { id: "r3", path: "/{proxy+}", resourceMethods: { ANY: m("NONE") } },
];

describe("discovery and groups", () => {
  it("reads every page and builds one group per stage without OPTIONS", async () => {
    const { port } = fakePort(RESOURCES);
    const api = await describeRestApi(port, new Throttle({ deadline: Date.now() + 10_000 }), { id: "api1", name: "Pets" }, 1);
    expect(api.resources.map((r) => r.path)).toEqual(["/", "/pets", "/pets/{petId}", "/{proxy+}"]);
    const groups = apiGroupsOf([api]);
    expect(groups.map((g) => [g.id, g.name])).toEqual([
      ["api1-dev", "Pets (dev)"],
      ["api1-prod", "Pets (prod)"],
    ]);
    expect(groups[0]!.metadata).toEqual({ type: "aws", aws: { api_id: "api1", api_name: "Pets", stage: "dev" } });
    expect(groups[0]!.apis.map((a) => `${a.method} ${a.path}`)).toEqual(["GET /pets", "POST /pets", "ANY /pets/{petId}", "DELETE /pets/{petId}", "GET /pets/{petId}", "ANY /{proxy+}"]);
  });
});

describe("reconcileRestApi", () => {
  const settings = { authorizerName: "gatehouse", ttlSeconds: 0, functionArn: FN };

  it("creates the authorizer and attaches it to NONE methods only, skipping OPTIONS", async () => {
    const { port, updates, authorizers } = fakePort(RESOURCES);
    const api = await describeRestApi(port, new Throttle({ deadline: Date.now() + 10_000 }), { id: "api1", name: "Pets" });
    const report = await reconcileRestApi(port, new Throttle({ deadline: Date.now() + 10_000 }), api, true, settings, log);
    expect(authorizers[0]).toMatchObject({ name: "gatehouse", identitySource: IDENTITY_SOURCE, authorizerResultTtlInSeconds: 0, authorizerUri: authorizerUri(FN) });
    expect(updates.map((u) => `${u.httpMethod} ${u.resourceId}`).sort()).toEqual(["ANY r3", "GET r1", "POST r1"]);
    expect(updates[0]!.ops).toEqual([
      { op: "replace", path: "/authorizationType", value: "CUSTOM" },
      { op: "replace", path: "/authorizerId", value: "new-auth" },
    ]);
    // r2: another authorizer, AWS_IAM, and an authorizer id that is not the one just created.
    expect(report).toMatchObject({ createdAuthorizer: true, attached: 3, leftAlone: 3 });
  });

  it("detaches only methods using our authorizer when the API is no longer connected", async () => {
    const { port, updates } = fakePort(RESOURCES, [{ id: "ours", name: "gatehouse", authorizerUri: authorizerUri(FN)! }, { id: "theirs", name: "other" }]);
    const api = await describeRestApi(port, new Throttle({ deadline: Date.now() + 10_000 }), { id: "api1", name: "Pets" });
    const report = await reconcileRestApi(port, new Throttle({ deadline: Date.now() + 10_000 }), api, false, settings, log);
    expect(updates).toEqual([{ resourceId: "r2", httpMethod: "ANY", ops: [{ op: "replace", path: "/authorizationType", value: "NONE" }] }]);
    expect(report.detached).toBe(1);
  });

  it("corrects a drifted authorizer (TTL, identity sources, a $LATEST qualifier in its URI)", async () => {
    const latest = authorizerUri(FN)!.replace("/invocations", ":$LATEST/invocations");
    const { port, authorizerUpdates } = fakePort([], [{ id: "ours", name: "gatehouse", identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 300, authorizerUri: latest }]);
    await reconcileRestApi(port, new Throttle({ deadline: Date.now() + 10_000 }), { id: "api1", name: "Pets", stages: [], resources: [] }, true, { ...settings, ttlSeconds: 60 }, log);
    expect(authorizerUpdates[0]!.map((o) => o.path)).toEqual(["/authorizerUri", "/identitySource", "/authorizerResultTtlInSeconds"]);
  });

  it("builds the invocation URI from the function ARN", () => {
    expect(authorizerUri(FN)).toBe(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`);
    expect(authorizerUri(`${FN}:$LATEST`)).toBe(authorizerUri(FN));
    expect(authorizerUri(`${FN}:live`)).toContain(`${FN}:live/invocations`);
    expect(authorizerUri("nope")).toBeNull();
  });
});

describe("Throttle", () => {
  it("waits retryAfterSeconds on TooManyRequestsException and retries", async () => {
    const slept: number[] = [];
    let t = 0;
    const throttle = new Throttle({ deadline: 60_000, clock: { now: () => t, sleep: (ms) => ((t += ms), slept.push(ms), Promise.resolve()) } });
    let calls = 0;
    const result = await throttle.call("general", "GetRestApis", () => {
      calls++;
      if (calls < 3) return Promise.reject(Object.assign(new Error("Too Many Requests"), { name: "TooManyRequestsException", retryAfterSeconds: "2" }));
      return Promise.resolve("ok");
    });
    expect(result).toBe("ok");
    expect(slept).toEqual([2000, 2000]);
  });

  it("paces GetResources at 5 per 2 seconds and gives up at the deadline", async () => {
    let t = 0;
    const slept: number[] = [];
    const throttle = new Throttle({ deadline: 3000, clock: { now: () => t, sleep: (ms) => ((t += ms), slept.push(ms), Promise.resolve()) } });
    for (let i = 0; i < 7; i++) await throttle.call("resources", "GetResources", () => Promise.resolve(i));
    expect(slept).toEqual([400, 400]);
    await expect(
      (async () => {
        for (let i = 0; i < 20; i++) await throttle.call("resources", "GetResources", () => Promise.resolve(i));
      })(),
    ).rejects.toMatchObject({ name: "AwsSyncError", status: 429 });
  });

  it("turns other AWS errors into AwsSyncError with their status", async () => {
    const throttle = new Throttle({ deadline: Date.now() + 1000 });
    await expect(
      throttle.call("general", "GetStages", () => Promise.reject(Object.assign(new Error("nope"), { name: "NotFoundException", $metadata: { httpStatusCode: 404 } }))),
    ).rejects.toMatchObject({ status: 404, message: expect.stringContaining("NotFoundException") as string });
  });
});

describe("runSync: the push says whether discovery was complete", () => {
  const run = async (port: ApiGatewayPort, opts: { cursor?: string | null; clock?: Clock; deadline?: number } = {}) => {
    const pushed: unknown[] = [];
    const deps: SyncDeps = {
      port,
      pushApiGroups: (body) => (pushed.push(body), Promise.resolve({})),
      refreshConfiguration: () => Promise.resolve(null),
      log,
      attach: { authorizerName: "gatehouse", ttlSeconds: 0, functionArn: FN },
      deadline: opts.deadline ?? Date.now() + 10_000,
      clock: opts.clock,
    };
    const report = await runSync(deps, { next: opts.cursor ?? null });
    return { report, body: pushed[0] as { api_groups: { id: string }[]; complete: boolean } };
  };

  it("complete: every REST API read, none failed", async () => {
    const { report, body } = await run(fakePort(RESOURCES).port);
    expect(report.complete).toBe(true);
    expect(body).toMatchObject({ complete: true });
    expect(body.api_groups.map((g) => g.id)).toEqual(["api1-dev", "api1-prod"]);
  });

  it("not complete when a REST API could not be read", async () => {
    const { port } = fakePort(RESOURCES);
    port.getResources = () => Promise.reject(Object.assign(new Error("boom"), { name: "InternalFailure", $metadata: { httpStatusCode: 500 } }));
    const { report, body } = await run(port);
    expect(report.complete).toBe(false);
    expect(body).toEqual({ api_groups: [], complete: false });
  });

  it("not complete when discovery ran out of time and left a cursor", async () => {
    const { port } = fakePort(RESOURCES);
    port.getRestApis = () => Promise.resolve({ items: [{ id: "api1", name: "Pets" }, { id: "api2", name: "Orders" }] });
    let t = 0;
    // Each read of the clock moves on 3 s: the discovery share (60 % of 10 s) ends after the first API.
    const { report, body } = await run(port, { clock: { ...realClock, now: () => (t += 3000) }, deadline: 10_000 });
    expect(report).toMatchObject({ restApis: 2, complete: false, errors: [] });
    expect(body.complete).toBe(false);
  });
});
