import type { Authorizer, PatchOperation } from "@aws-sdk/client-api-gateway";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Logger } from "../log";
import type { ApiGatewayPort } from "./api-gateway";
import { authorizerUri, collisionFreeName, IDENTITY_SOURCE, namesFunction, reconcileRestApi, type AttachSettings } from "./attach";
import type { DiscoveredRestApi } from "./discover";
import { Throttle } from "./throttle";

/**
 * Ownership of API Gateway authorizers by the function their URI names, never by their name:
 * two gateways' authorizers (two functions) in one region share the REST APIs, and one must never
 * detach, rewrite or reuse the other's.
 */
const A = "arn:aws:lambda:us-east-1:123456789012:function:gatehouse-a";
const B = "arn:aws:lambda:us-east-1:123456789012:function:gatehouse-b";
const uriOf = (fn: string) => authorizerUri(fn)!;

interface Calls {
  createAuthorizer: Parameters<ApiGatewayPort["createAuthorizer"]>[0][];
  updateAuthorizer: { id: string; ops: PatchOperation[] }[];
  updateMethod: { resourceId: string; httpMethod: string; ops: PatchOperation[] }[];
  getAuthorizers: number;
}

function fakePort(authorizers: Authorizer[]) {
  const calls: Calls = { createAuthorizer: [], updateAuthorizer: [], updateMethod: [], getAuthorizers: 0 };
  const port: ApiGatewayPort = {
    getRestApis: () => Promise.resolve({ items: [] }),
    getStageNames: () => Promise.resolve([]),
    getResources: () => Promise.resolve({ items: [] }),
    getAuthorizers: () => {
      calls.getAuthorizers++;
      return Promise.resolve({ items: authorizers });
    },
    createAuthorizer: (input) => {
      calls.createAuthorizer.push(input);
      const a: Authorizer = { id: `new-${calls.createAuthorizer.length}`, name: input.name, type: "REQUEST", authorizerUri: input.authorizerUri, identitySource: input.identitySource, authorizerResultTtlInSeconds: input.ttlSeconds };
      authorizers.push(a);
      return Promise.resolve(a);
    },
    updateAuthorizer: (_api, id, ops) => {
      calls.updateAuthorizer.push({ id, ops });
      return Promise.resolve();
    },
    updateMethod: (_api, resourceId, httpMethod, ops) => {
      calls.updateMethod.push({ resourceId, httpMethod, ops });
      return Promise.resolve();
    },
  };
  return { port, calls };
}

/** /pets GET+POST on A's authorizer "a1", /orders GET+PUT open, OPTIONS open, /admin on IAM. */
const api = (): DiscoveredRestApi => ({
  id: "api1",
  name: "Pets",
  stages: ["prod"],
  resources: [
    {
      id: "r1",
      path: "/pets",
      methods: [
        { httpMethod: "GET", authorizationType: "CUSTOM", authorizerId: "a1" },
        { httpMethod: "POST", authorizationType: "CUSTOM", authorizerId: "a1" },
        { httpMethod: "OPTIONS", authorizationType: "NONE", authorizerId: null },
      ],
    },
    {
      id: "r2",
      path: "/orders",
      methods: [
        { httpMethod: "GET", authorizationType: "NONE", authorizerId: null },
        { httpMethod: "PUT", authorizationType: "NONE", authorizerId: null },
      ],
    },
    { id: "r3", path: "/admin", methods: [{ httpMethod: "GET", authorizationType: "AWS_IAM", authorizerId: null }] },
  ],
});

const NAME = "cloudentity-acp-authorizer";
const settingsOf = (functionArn: string | null, authorizerName = NAME): AttachSettings => ({ authorizerName, ttlSeconds: 0, functionArn });
const foreignA = (): Authorizer => ({ id: "a1", name: NAME, type: "REQUEST", authorizerUri: uriOf(A), identitySource: IDENTITY_SOURCE, authorizerResultTtlInSeconds: 0 });
const logs: { msg: string }[] = [];
const log = new Logger("debug", (line) => logs.push(JSON.parse(line) as { msg: string }));
const reconcile = (port: ApiGatewayPort, connected: boolean, settings: AttachSettings) =>
  reconcileRestApi(port, new Throttle({ deadline: Date.now() + 10_000 }), api(), connected, settings, log);

describe("ownership by the function the authorizer URI names", () => {
  it("names the function exactly (case-sensitive), a $LATEST qualifier ignored", () => {
    expect(namesFunction(uriOf(A), uriOf(A))).toBe(true);
    expect(namesFunction(uriOf(A).replace("/invocations", ":$LATEST/invocations"), uriOf(A))).toBe(true);
    expect(namesFunction(uriOf(B), uriOf(A))).toBe(false);
    expect(namesFunction(uriOf(A).replace("gatehouse-a", "GATEHOUSE-A"), uriOf(A))).toBe(false);
    expect(namesFunction(uriOf(`${A}:live`), uriOf(A))).toBe(false);
    expect(namesFunction(uriOf(`${A}x`), uriOf(A))).toBe(false);
    expect(namesFunction(undefined, uriOf(A))).toBe(false);
  });

  it("a foreign authorizer with our name, connected: ours is created under a suffixed name, theirs and their methods untouched", async () => {
    const { port, calls } = fakePort([foreignA()]);
    const report = await reconcile(port, true, settingsOf(B));
    const suffix = createHash("sha256").update(B).digest("hex").slice(0, 8);
    expect(calls.createAuthorizer).toEqual([{ restApiId: "api1", name: `${NAME}-${suffix}`, authorizerUri: uriOf(B), identitySource: IDENTITY_SOURCE, ttlSeconds: 0 }]);
    expect(collisionFreeName(NAME, uriOf(B))).toBe(`${NAME}-${suffix}`);
    expect(calls.updateAuthorizer).toEqual([]);
    // Only the open methods get B's authorizer; A's two methods and IAM's are left alone.
    expect(calls.updateMethod.map((u) => `${u.httpMethod} ${u.resourceId}`).sort()).toEqual(["GET r2", "PUT r2"]);
    expect(calls.updateMethod.every((u) => u.ops.some((o) => o.path === "/authorizerId" && o.value === "new-1"))).toBe(true);
    expect(report).toMatchObject({ createdAuthorizer: true, updatedAuthorizer: false, authorizerId: "new-1", attached: 2, detached: 0, leftAlone: 3 });
  });

  it("a foreign authorizer whose URI would be 'drifted' under the old by-name logic is never rewritten", async () => {
    const { port, calls } = fakePort([{ ...foreignA(), identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 300 }]);
    await reconcile(port, true, settingsOf(B));
    expect(calls.updateAuthorizer).toEqual([]);
  });

  it("not connected: methods on another function's authorizer are never detached, even under our name", async () => {
    const { port, calls } = fakePort([foreignA()]);
    for (let i = 0; i < 3; i++) {
      const report = await reconcile(port, false, settingsOf(B));
      expect(report).toMatchObject({ detached: 0, leftAlone: 3, authorizerId: null });
    }
    expect(calls.updateMethod).toEqual([]);
    expect(calls.updateAuthorizer).toEqual([]);
    expect(calls.createAuthorizer).toEqual([]);
  });

  it("not connected: methods on our own authorizer (whatever its name) go back to NONE", async () => {
    const { port, calls } = fakePort([{ ...foreignA(), name: "renamed-by-hand" }]);
    const report = await reconcile(port, false, settingsOf(A, "gatehouse-a"));
    expect(calls.updateMethod).toEqual([
      { resourceId: "r1", httpMethod: "GET", ops: [{ op: "replace", path: "/authorizationType", value: "NONE" }] },
      { resourceId: "r1", httpMethod: "POST", ops: [{ op: "replace", path: "/authorizationType", value: "NONE" }] },
    ]);
    expect(report).toMatchObject({ detached: 2, leftAlone: 1 });
  });

  it("adopts our own authorizer by its URI under the old default name: no CreateAuthorizer, drift corrected, name kept", async () => {
    const { port, calls } = fakePort([{ ...foreignA(), identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 300 }]);
    const report = await reconcile(port, true, settingsOf(A, "gatehouse-a"));
    expect(calls.createAuthorizer).toEqual([]);
    expect(calls.updateAuthorizer).toEqual([
      {
        id: "a1",
        ops: [
          { op: "replace", path: "/identitySource", value: IDENTITY_SOURCE },
          { op: "replace", path: "/authorizerResultTtlInSeconds", value: "0" },
        ],
      },
    ]);
    expect(calls.updateMethod.map((u) => `${u.httpMethod} ${u.resourceId}`).sort()).toEqual(["GET r2", "PUT r2"]);
    expect(report).toMatchObject({ createdAuthorizer: false, updatedAuthorizer: true, authorizerId: "a1", attached: 2, leftAlone: 1 });
  });

  it("prefers our authorizer with the configured name when several name our function, and treats all of them as ours", async () => {
    const { port, calls } = fakePort([foreignA(), { ...foreignA(), id: "a2", name: "gatehouse-a" }]);
    const report = await reconcile(port, true, settingsOf(A, "gatehouse-a"));
    expect(report).toMatchObject({ authorizerId: "a2", attached: 2, leftAlone: 1 });
    expect(calls.createAuthorizer).toEqual([]);
  });

  it("creates ours under the plain configured name when nobody has it", async () => {
    const { port, calls } = fakePort([foreignA()]);
    await reconcile(port, true, settingsOf(B, "gatehouse-b"));
    expect(calls.createAuthorizer.map((c) => c.name)).toEqual(["gatehouse-b"]);
  });

  it.each([null, "not-an-arn"])("function ARN %j: nothing is attached, detached, created or updated", async (fn) => {
    logs.length = 0;
    const { port, calls } = fakePort([foreignA()]);
    for (const connected of [true, false]) {
      const report = await reconcile(port, connected, settingsOf(fn));
      expect(report).toMatchObject({ attached: 0, detached: 0, createdAuthorizer: false, updatedAuthorizer: false, authorizerId: null });
    }
    expect(calls).toEqual({ createAuthorizer: [], updateAuthorizer: [], updateMethod: [], getAuthorizers: 0 });
    expect(logs.filter((l) => /function ARN is unknown/.test(l.msg))).toHaveLength(2);
  });

  it("keeps a suffixed name within 128 characters", () => {
    expect(collisionFreeName("n".repeat(128), uriOf(B))).toHaveLength(128);
  });
});
