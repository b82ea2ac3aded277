import { APIGatewayClient, CreateDeploymentCommand, GetStageCommand, TooManyRequestsException } from "@aws-sdk/client-api-gateway";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mockSend } from "@/test/aws/mock-send";
import { realClock } from "@/protocol/clock";
import { deployStage } from "./deploy-stage";
import { IntervalPacer, QueuedTokenBucket } from "./token-bucket";
import type { RegionLimits } from "./limits";

const throttle = (retryAfterSeconds: string) =>
  new TooManyRequestsException({ message: "Too Many Requests", $metadata: { httpStatusCode: 429 }, retryAfterSeconds });

function limits(): RegionLimits {
  return { deployments: new IntervalPacer(5000, realClock), general: new QueuedTokenBucket({ perSecond: 10, burst: 40 }, realClock), resources: new QueuedTokenBucket({ perSecond: 2.5, burst: 5 }, realClock) };
}

const target = (stage: string) => ({ restApiId: "a1b2c3", stage, marker: `m-${stage}`, description: `d-${stage}` });

describe("deployStage (API Gateway client mocked)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("retries a throttled CreateDeployment after retryAfterSeconds (+ jitter) and succeeds", async () => {
    const api = new APIGatewayClient({ region: "us-east-1" });
    const calls: { name: string; at: number }[] = [];
    let creates = 0;
    mockSend(api, (cmd: unknown) => {
      calls.push({ name: (cmd as object).constructor.name, at: Date.now() });
      if (cmd instanceof GetStageCommand) return Promise.resolve({ stageName: "prod" });
      if (cmd instanceof CreateDeploymentCommand) {
        creates++;
        return creates <= 2 ? Promise.reject(throttle("3")) : Promise.resolve({ id: "dep-1" });
      }
      return Promise.reject(new Error("unexpected"));
    });
    const run = deployStage(api, limits(), target("prod"), { clock: realClock, jitter: () => 250 });
    await vi.runAllTimersAsync();
    const result = await run;
    expect(result).toEqual({ ok: true, deploymentId: "dep-1", attempts: 3, throttled: 2 });
    const creations = calls.filter((c) => c.name === "CreateDeploymentCommand").map((c) => c.at - calls[0]!.at);
    // Each retry waits AWS's retryAfterSeconds (3 s) plus the jitter (0.25 s).
    expect(creations).toEqual([0, 3250, 6500]);
  });

  it("gives up after a bounded number of throttled attempts with a clear error", async () => {
    const api = new APIGatewayClient({ region: "us-east-1" });
    mockSend(api, (cmd: unknown) =>
      cmd instanceof GetStageCommand ? Promise.resolve({}) : Promise.reject(throttle("1")),
    );
    const run = deployStage(api, limits(), target("prod"), { clock: realClock, jitter: () => 0, maxAttempts: 4 });
    await vi.runAllTimersAsync();
    const result = await run;
    expect(result).toMatchObject({ ok: false, attempts: 4, throttled: 4 });
    expect(!result.ok && result.error).toMatch(/kept throttling CreateDeployment after 4 attempts/);
  });

  it("keeps CreateDeployment calls of a region at least 5 s apart", async () => {
    const api = new APIGatewayClient({ region: "us-east-1" });
    const createdAt: number[] = [];
    mockSend(api, (cmd: unknown) => {
      if (cmd instanceof CreateDeploymentCommand) {
        createdAt.push(Date.now());
        return Promise.resolve({ id: `dep-${createdAt.length}` });
      }
      return Promise.resolve({});
    });
    const shared = limits();
    const runs = ["a", "b", "c", "d"].map((s) => deployStage(api, shared, target(s), { clock: realClock }));
    await vi.runAllTimersAsync();
    const results = await Promise.all(runs);
    expect(results.every((r) => r.ok)).toBe(true);
    const gaps = createdAt.slice(1).map((t, i) => t - createdAt[i]!);
    expect(gaps).toEqual([5000, 5000, 5000]);
  });

  it("does not create a stage that no longer exists", async () => {
    const api = new APIGatewayClient({ region: "us-east-1" });
    const send = mockSend(api, () =>
      Promise.reject(Object.assign(new Error("Invalid stage identifier specified"), { name: "NotFoundException", $metadata: { httpStatusCode: 404 } })),
    );
    const run = deployStage(api, limits(), target("gone"), { clock: realClock });
    await vi.runAllTimersAsync();
    const result = await run;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/no longer exists/);
    expect(send.mock.calls.some((c) => c[0] instanceof CreateDeploymentCommand)).toBe(false);
  });
});

describe("QueuedTokenBucket", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("allows a burst of 40, then 10 per second", async () => {
    const bucket = new QueuedTokenBucket({ perSecond: 10, burst: 40 }, realClock);
    const start = Date.now();
    const times: number[] = [];
    const takes = Array.from({ length: 60 }, () => bucket.take().then(() => times.push(Date.now() - start)));
    await vi.runAllTimersAsync();
    await Promise.all(takes);
    expect(times.slice(0, 40).every((t) => t === 0)).toBe(true);
    expect(times[59]).toBeGreaterThanOrEqual(2000 - 1);
    expect(times[59]).toBeLessThanOrEqual(2100);
  });
});
