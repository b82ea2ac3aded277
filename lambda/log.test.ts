import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Authorizer } from "./authorizer";
import { invocationFields, xrayTraceId } from "./invocation";
import { inInvocation, Logger } from "./log";
import { configurationOf, startFakePlatform, type FakePlatform } from "./testkit/platform";

describe("Logger", () => {
  it("writes one JSON object per line, respects the level and redacts secrets", () => {
    const lines: string[] = [];
    const log = new Logger("info", (l) => lines.push(l), { now: () => 0 });
    log.debug("hidden");
    log.info("shown", { client_secret: "s3cret", nested: { authorization: "Bearer x", ok: 1 }, token_reason: "expired", err: new Error("boom") });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    expect(JSON.parse(lines[0]!)).toEqual({
      level: "info",
      time: "1970-01-01T00:00:00.000Z",
      msg: "shown",
      client_secret: "[redacted]",
      nested: { authorization: "[redacted]", ok: 1 },
      token_reason: "expired",
      err: { name: "Error", message: "boom" },
    });
    log.setLevel("debug");
    log.debug("now shown");
    expect(lines).toHaveLength(2);
  });

  it("adds the invocation's fields to every line written in it, and to work it started that outlives it", async () => {
    const lines: Record<string, unknown>[] = [];
    const log = new Logger("info", (l) => lines.push(JSON.parse(l) as Record<string, unknown>), { now: () => 0 });
    log.info("init");
    let later!: Promise<void>;
    await inInvocation({ function_request_id: "req-1", cold_start: true, xray_trace_id: "1-a-b" }, async () => {
      log.info("in 1");
      await Promise.resolve();
      later = new Promise((r) => setTimeout(() => r(log.info("background of 1")), 20));
    });
    inInvocation({ function_request_id: "req-2", cold_start: false }, () => log.info("in 2"));
    await later;
    log.info("after");
    expect(lines.map((l) => [l.msg, l.function_request_id, l.cold_start, l.xray_trace_id])).toEqual([
      ["init", undefined, undefined, undefined],
      ["in 1", "req-1", true, "1-a-b"],
      ["in 2", "req-2", false, undefined],
      ["background of 1", "req-1", true, "1-a-b"],
      ["after", undefined, undefined, undefined],
    ]);
    expect(Object.keys(lines[1]!)).toEqual(["level", "time", "msg", "function_request_id", "cold_start", "xray_trace_id"]);
  });
});

describe("invocation fields", () => {
  it("takes the Root of _X_AMZN_TRACE_ID (Powertools' reading)", () => {
    expect(xrayTraceId("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1")).toBe("1-5759e988-bd862e3fe1be46a994272793");
    expect(xrayTraceId("Parent=557abcec3ee5a047;Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=25:a87bd80c:1")).toBe("1-5759e988-bd862e3fe1be46a994272793");
    expect(xrayTraceId("1-5759e988-bd862e3fe1be46a994272793")).toBe("1-5759e988-bd862e3fe1be46a994272793");
    for (const v of [undefined, "", "Parent=557abcec3ee5a047;Sampled=1", "Root=", "Root=a b", `Root=${"x".repeat(200)}`]) expect(xrayTraceId(v)).toBeUndefined();
  });

  it("has the request id when the context has one, and a cold start only on the first invocation of an on-demand container", () => {
    expect(invocationFields({ awsRequestId: "8f6d1a2e" }, { _X_AMZN_TRACE_ID: "Root=1-2-3" }, true)).toEqual({ function_request_id: "8f6d1a2e", cold_start: true, xray_trace_id: "1-2-3" });
    expect(invocationFields({ awsRequestId: "8f6d1a2e" }, {}, false)).toEqual({ function_request_id: "8f6d1a2e", cold_start: false });
    expect(invocationFields({}, { AWS_LAMBDA_INITIALIZATION_TYPE: "provisioned-concurrency" }, true)).toEqual({ cold_start: false });
    expect(invocationFields({ awsRequestId: 42 }, {}, true)).toEqual({ cold_start: true });
    expect(invocationFields({ awsRequestId: "a\nb" }, {}, true)).toEqual({ cold_start: true });
  });
});

describe("the authorizer's lines", () => {
  let platform: FakePlatform;
  const API = "a1b2c3d4e5";
  const config = (policy: string) =>
    configurationOf({
      restApiId: API,
      stage: "prod",
      apis: [{ id: "list", method: "GET", path: "/pets", policy_id: policy }],
      policies: [{ id: "block", validators: [{ name: "false" }] }, { id: "open", validators: [{ name: "true" }] }],
      issuers: [{ issuer: "https://issuer.example", jwks_uri: "https://issuer.example/jwks" }],
      eventsPerSecond: 0,
    });
  beforeAll(async () => {
    platform = await startFakePlatform({ configuration: config("block") });
  });
  afterAll(() => platform.close());

  it("carry function_request_id, cold_start and xray_trace_id per invocation; a refresh an invocation started logs with its id", async () => {
    const lines: Record<string, unknown>[] = [];
    const env: Record<string, string | undefined> = {
      ACP_ISSUER_URL: platform.issuerUrl,
      ACP_CLIENT_ID: platform.clientId,
      ACP_CLIENT_SECRET: platform.clientSecret,
      ACP_RELOAD_INTERVAL: "100ms",
      LOGGING_LEVEL: "debug",
      _X_AMZN_TRACE_ID: "Root=1-00000001-aaaaaaaaaaaaaaaaaaaaaaaa;Parent=557abcec3ee5a047;Sampled=1",
    };
    // A 50 ms bound on waiting for a refresh (config/store.ts), so req-2's slow refresh outlives it.
    const a = new Authorizer({ env, sink: (l) => lines.push(JSON.parse(l) as Record<string, unknown>), firstFetchTimeoutMs: 50 });
    try {
      const event = { type: "TOKEN", methodArn: `arn:aws:execute-api:us-east-1:123456789012:${API}/prod/GET/pets` };
      await a.handle(event, { awsRequestId: "req-1" });
      // The runtime sets the trace header per invocation (or not at all).
      env._X_AMZN_TRACE_ID = "Root=1-00000002-bbbbbbbbbbbbbbbbbbbbbbbb;Parent=557abcec3ee5a047;Sampled=0";
      await new Promise((r) => setTimeout(r, 150));
      // req-2 finds its configuration past its interval: it starts a refresh and waits for it at most
      // 50 ms; the platform answers late, so it answers with what is held, and the refresh is still
      // running during req-3.
      platform.configuration = config("open");
      platform.configDelayMs = 300;
      await a.handle(event, { awsRequestId: "req-2" });
      delete env._X_AMZN_TRACE_ID;
      await a.handle(event, { awsRequestId: "req-3" });
      await expect.poll(() => lines.filter((l) => l.msg === "gateway configuration loaded").length, { timeout: 5000 }).toBe(2);
    } finally {
      platform.configDelayMs = 0;
      a.close();
    }
    const decisions = lines.filter((l) => l.msg === "decision");
    expect(decisions.map((l) => [l.function_request_id, l.cold_start, l.xray_trace_id])).toEqual([
      ["req-1", true, "1-00000001-aaaaaaaaaaaaaaaaaaaaaaaa"],
      ["req-2", false, "1-00000002-bbbbbbbbbbbbbbbbbbbbbbbb"],
      ["req-3", false, undefined],
    ]);
    const loaded = lines.filter((l) => l.msg === "gateway configuration loaded");
    // The first load: started by req-1 (nothing was held: it waited for it).
    expect(loaded[0]).toMatchObject({ function_request_id: "req-1", cold_start: true });
    // The second: started by req-2, written after req-3 had begun.
    expect(lines.indexOf(loaded[1]!)).toBeGreaterThan(lines.indexOf(decisions[2]!));
    expect(loaded[1]).toMatchObject({ function_request_id: "req-2", cold_start: false, xray_trace_id: "1-00000002-bbbbbbbbbbbbbbbbbbbbbbbb" });
  });

  it("carry none of them outside an invocation (the init phase)", () => {
    const lines: Record<string, unknown>[] = [];
    const a = new Authorizer({ env: {}, sink: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
    a.close();
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toHaveProperty("function_request_id");
    expect(lines[0]).not.toHaveProperty("cold_start");
  });
});
