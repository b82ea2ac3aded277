import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsoleServer, type ConsoleServer } from "@/test/console-server";
import { assign, builtinPolicyId, connectGroup, createTestGateway, createTestPolicy, pushGroups, reportedReloadIntervalMs, trustIssuer } from "@/test/console-state";
import { SERVERLESS_OFFLINE_VERSION, SERVERLESS_VERSION, SKIP_EMULATOR_TESTS, startAuthorizedService, type OfflineService } from "@/test/serverless-offline";
import { RESOURCES, startTestIssuer, type TestIssuer } from "./testkit/oidc";

/**
 * The built authorizer zip under a third-party API Gateway emulator, as a user trying it
 * locally runs it: serverless-offline (test/serverless-offline.ts) unpacks the zip the stack
 * deploys (`package.artifact`) and calls `index.handler` as a REQUEST authorizer for each HTTP
 * route; the authorizer fetches its configuration from the console's real system routes. The
 * emulator's method ARNs name `random-account-id` / `random-api-id`, so the console knows the
 * group the authorizer derives from them, `random-api-id-dev`, as a sync would have pushed it.
 */
const API_ID = "random-api-id"; // what serverless-offline puts in every method ARN and request context
const STAGE = "dev";
const AUD = RESOURCES[0]!;
/** Short, so the last test can leave the container idle past it. */
const RELOAD_INTERVAL = "1s";

const suite = SKIP_EMULATOR_TESTS ? describe.skip : describe;

suite(`the built zip under serverless-offline ${SERVERLESS_OFFLINE_VERSION} (serverless ${SERVERLESS_VERSION})`, () => {
  let console_: ConsoleServer;
  let issuer: TestIssuer;
  let offline: OfflineService;
  let serviceId: string;
  let gatewayId: string;

  beforeAll(async () => {
    console_ = await startConsoleServer();
    issuer = await startTestIssuer();
    await trustIssuer(issuer.issuer, [AUD]);
    const gateway = await createTestGateway();
    gatewayId = gateway.id;
    await pushGroups(gateway.id, [
      {
        id: `${API_ID}-${STAGE}`,
        name: `Offline (${STAGE})`,
        metadata: { type: "aws", aws: { api_id: API_ID, api_name: "Offline", stage: STAGE } },
        apis: [
          { method: "GET", path: "/open" },
          { method: "GET", path: "/blocked" },
          { method: "GET", path: "/private" },
          { method: "GET", path: "/pets/{petId}" },
        ],
      },
    ]);
    serviceId = await connectGroup(gateway.id, `${API_ID}-${STAGE}`, "Offline");
    await assign(serviceId, "GET", "/blocked", await builtinPolicyId("block"));
    await assign(serviceId, "GET", "/private", await createTestPolicy("Reads pets", [{ name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "pets:read" }] } }]));
    // /open and /pets/{petId} keep no policy: Unrestricted.

    offline = await startAuthorizedService({
      service: "gatehouse-offline",
      stage: STAGE,
      backend: `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ reached: event.path, principal: event.requestContext.authorizer && event.requestContext.authorizer.principalId }) });\n`,
      routes: ["open", "blocked", "private", "pets/{petId}", "unlisted"],
      platform: { issuerUrl: console_.issuerUrl, clientId: gateway.client.client_id, clientSecret: gateway.client.client_secret },
      authorizerEnv: { ACP_RELOAD_INTERVAL: RELOAD_INTERVAL },
    });
  }, 300_000);

  afterAll(async () => {
    await offline?.stop();
    await issuer?.close();
    await console_?.close();
  });

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${offline.url}${path}`, { headers });
    return { status: res.status, body: await res.text() };
  };
  /** The authorizer's own JSON lines among the emulator's output. */
  const authorizerLines = () =>
    offline
      .output()
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it("answers 200 on an Unrestricted route, 403 on a Block API route, 401 without a token where the policy needs one", async () => {
    const open = await get("/open");
    expect(open.status, open.body).toBe(200);
    expect(JSON.parse(open.body)).toEqual({ reached: "/open", principal: "anonymous" });
    expect((await get("/pets/7")).status).toBe(200);
    expect((await get("/blocked")).status).toBe(403);
    expect((await get("/private")).status).toBe(401);
    expect((await get("/private", { Authorization: "Bearer not-a-token" })).status).toBe(401);
    // A route the console does not list for the group is denied.
    expect((await get("/unlisted")).status).toBe(403);
  });

  it("lets a valid token through where the policy needs one, and still blocks Block API with it", async () => {
    const token = await issuer.token({ scope: "pets:read" });
    const ok = await get("/private", { Authorization: `Bearer ${token}` });
    expect(ok.status, ok.body).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ reached: "/private", principal: "pets-reader" });
    expect((await get("/private", { Authorization: `Bearer ${await issuer.token({ scope: "pets:write" })}` })).status).toBe(403);
    expect((await get("/blocked", { Authorization: `Bearer ${token}` })).status).toBe(403);
  });

  it("decided each request from the emulator's ARN, and logged it with the invocation's request id", () => {
    const decisions = authorizerLines().filter((l) => l.msg === "decision");
    expect(decisions).toHaveLength(9); // one per request above
    for (const d of decisions) {
      expect(d).toMatchObject({ rest_api_id: API_ID, stage: STAGE });
      expect(d.reason).not.toBe("malformed_event");
    }
    expect(decisions.find((d) => d.api === "GET /blocked")).toMatchObject({ result: "deny", policy: "Block API" });
    expect(decisions.find((d) => d.api === "GET /open")).toMatchObject({ result: "allow", policy: "unrestricted" });
    // One request id per invocation, the one serverless-offline gives the context (it prints it
    // for each invocation that returned; those that answered 401 threw).
    const ids = decisions.map((d) => d.function_request_id as string);
    expect(new Set(ids).size).toBe(decisions.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const printed = offline.output().flatMap((l) => /\(λ: gatehouse\) RequestId: ([0-9a-f-]{36})/.exec(l)?.[1] ?? []);
    expect(printed).toHaveLength(decisions.length - 2);
    for (const id of printed) expect(ids).toContain(id);
    expect(decisions.map((d) => d.cold_start)).toEqual([true, ...decisions.slice(1).map(() => false)]);
  });

  it("enforces a policy assigned while the container sat idle on its very next request", async () => {
    // The warm container holds a configuration in which /open is Unrestricted.
    expect((await get("/open")).status).toBe(200);
    await assign(serviceId, "GET", "/open", await builtinPolicyId("block"));
    // Idle past its reload interval: nothing refreshes a container between invocations, so what it
    // holds is older than the change. Answering from it while refreshing behind would let this through.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await get("/open")).status).toBe(403);
  });

  it("reports the reload interval its environment set on its configuration fetches; the console records it", async () => {
    expect(await reportedReloadIntervalMs(gatewayId)).toBe(1000);
  });
});
