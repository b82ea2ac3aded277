import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVERLESS_OFFLINE_VERSION, SKIP_EMULATOR_TESTS, startAuthorizedService, type OfflineService } from "@/test/serverless-offline";
import { configurationOf, startFakePlatform, type FakePlatform } from "./testkit/platform";

/**
 * Shadow policies where requests really go through (issue 16): the built zip under
 * serverless-offline (a third-party API Gateway emulator, test/serverless-offline.ts), configured
 * by the stand-in platform with the wire format of docs/protocol.md (the console's half serves
 * the same fields). A shadow Block API on `GET /pets`: 20 anonymous requests all reach the
 * backend (200), each seeing `requestContext.authorizer.shadow_decision = "deny"` — what an
 * access log's `$context.authorizer.shadow_decision` records — and 20 decision events say the
 * shadow policy would deny. Then the policy is promoted (enforced, shadow cleared): after the
 * reload, 403.
 */
const API_ID = "random-api-id"; // what serverless-offline puts in every method ARN
const STAGE = "dev";

const suite = SKIP_EMULATOR_TESTS ? describe.skip : describe;

const BLOCK = { id: "block", policy_name: "Block API", validators: [{ name: "false" }] };

suite(`shadow policies through the built zip under serverless-offline ${SERVERLESS_OFFLINE_VERSION}`, () => {
  let platform: FakePlatform;
  let offline: OfflineService;

  const configuration = (pets: { policy_id?: string; shadow_policy_id?: string }) =>
    configurationOf({
      restApiId: API_ID,
      stage: STAGE,
      apis: [
        { id: "api-pets", method: "GET", path: "/pets", ...pets },
        { id: "api-open", method: "GET", path: "/open" },
      ],
      policies: [BLOCK],
      issuers: [],
      eventsPerSecond: 100,
    });

  beforeAll(async () => {
    platform = await startFakePlatform();
    platform.configuration = configuration({ shadow_policy_id: "block" });
    offline = await startAuthorizedService({
      service: "gatehouse-shadow",
      stage: STAGE,
      backend: `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ reached: event.path, shadow: (event.requestContext.authorizer || {}).shadow_decision ?? null }) });\n`,
      routes: ["pets", "open"],
      platform,
      authorizerEnv: { ACP_RELOAD_INTERVAL: "100ms" },
    });
  }, 300_000);

  afterAll(async () => {
    await offline?.stop();
    await platform?.close();
  });

  const get = async (path: string) => {
    const res = await fetch(`${offline.url}${path}`);
    return { status: res.status, body: await res.text() };
  };

  it("a shadow Block API on GET /pets: 20 anonymous requests all 200, 20 events would deny; promoted to enforced → 403 after the reload", async () => {
    for (let i = 0; i < 20; i++) {
      const r = await get("/pets");
      expect(r.status, r.body).toBe(200);
      expect(JSON.parse(r.body)).toEqual({ reached: "/pets", shadow: "deny" });
    }
    const open = await get("/open");
    expect(JSON.parse(open.body)).toEqual({ reached: "/open", shadow: null }); // no shadow policy, no key

    type Pushed = { api_id?: string; result: { result: string }; shadow?: { policy_id: string; result: string }; request?: { method: string; path: string } };
    const pets = () => (platform.calls.events as Pushed[]).filter((e) => e.api_id === "api-pets");
    // Pushes start after decisions (at most one a second; the schedule drains the rest): keep deciding.
    for (let waited = 0; pets().length < 20 && waited < 15_000; waited += 300) {
      await new Promise((r) => setTimeout(r, 300));
      await get("/open");
    }
    expect(pets()).toHaveLength(20);
    for (const e of pets()) expect(e).toMatchObject({ result: { result: "AUTHORIZED" }, shadow: { policy_id: "block", result: "deny" }, request: { method: "GET", path: "/pets" } });

    // Promote: the shadow policy becomes the enforced one.
    platform.configuration = configuration({ policy_id: "block" });
    let status = 200;
    for (let waited = 0; status !== 403 && waited < 15_000; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await get("/pets")).status;
    }
    expect(status).toBe(403);
  });
});
