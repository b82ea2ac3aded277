import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { realClock } from "../protocol/clock";
import { Authorizer } from "./authorizer";
import type { AuthorizerResponse } from "./decision/answer";
import { mint, testKey, type TestKey } from "./testkit/issuer";
import { configurationOf, sequentialDepth, startFakePlatform, type FakePlatform } from "./testkit/platform";

/**
 * The cold start's round trips to the platform (issue: at most two in sequence), the keys the
 * configuration embeds, and the JWKS age (JWKS_MAX_AGE): a removed key stops verifying, and an
 * unreachable JWKS fails closed, once the keys are older than the age.
 */
const AUD = "https://api.example";
const REST_API = "a1b2c3d4e5";

let platform: FakePlatform;
let k1: TestKey;
let k2: TestKey;
const open: Authorizer[] = [];

function configuration(embedded: { keys: unknown[]; fetchedAt: Date } | null) {
  const config = configurationOf({
    restApiId: REST_API,
    stage: "prod",
    apis: [{ id: "api-read", method: "GET", path: "/pets/{petId}", policy_id: "scoped" }],
    policies: [{ id: "scoped", validators: [{ name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "pets:read" }] } }] }],
    issuers: [{ issuer: platform.userIssuer, jwks_uri: `${platform.userIssuer}/jwks`, audiences: [AUD] }],
    eventsPerSecond: 0,
  });
  if (embedded) {
    const [issuer] = config.trusted_issuers as Record<string, unknown>[];
    Object.assign(issuer!, { jwks: { keys: embedded.keys }, jwks_fetched_at: embedded.fetchedAt.toISOString() });
  }
  return config;
}

beforeAll(async () => {
  k1 = await testKey("k1");
  k2 = await testKey("k2");
  platform = await startFakePlatform({ jwks: [k1.publicJwk] });
});
afterEach(() => {
  for (const a of open.splice(0)) a.close();
  platform.delayMs = 0;
  platform.down = false;
  platform.jwks = { keys: [k1.publicJwk] };
});
afterAll(async () => {
  await platform.close();
});

function authorizer(clock: { t: number } | null = null, env: Record<string, string> = {}) {
  const a = new Authorizer({
    env: { ACP_ISSUER_URL: platform.issuerUrl, ACP_CLIENT_ID: platform.clientId, ACP_CLIENT_SECRET: platform.clientSecret, LOGGING_LEVEL: "error", ...env },
    sink: () => {},
    ...(clock ? { clock: { ...realClock, now: () => clock.t } } : {}),
  });
  open.push(a);
  return a;
}

function event(token: string) {
  return {
    type: "REQUEST",
    methodArn: `arn:aws:execute-api:us-east-1:123456789012:${REST_API}/prod/GET/pets/42`,
    resource: "/pets/{petId}",
    path: "/pets/42",
    httpMethod: "GET",
    headers: { Authorization: `Bearer ${token}` },
    requestContext: { apiId: REST_API, stage: "prod", resourcePath: "/pets/{petId}", httpMethod: "GET", accountId: "123456789012", identity: { sourceIp: "203.0.113.7" } },
  };
}

/** Allow / Deny, or "Unauthorized" for the 401 the handler throws. */
async function decision(a: Authorizer, token: string): Promise<string> {
  try {
    return ((await a.handle(event(token))) as AuthorizerResponse).policyDocument.Statement[0].Effect;
  } catch (err) {
    return (err as Error).message;
  }
}

const tokenOf = (key: TestKey, nowSeconds?: number) => mint(key, { sub: "alice", scope: "pets:read" }, { issuer: platform.userIssuer, audience: AUD, expiresInSeconds: 7200, ...(nowSeconds ? { nowSeconds } : {}) });

describe("cold start", () => {
  it("decides after two round trips to the platform: the token (at the issuer's /oauth2/token, discovery alongside) and the configuration with the keys embedded", async () => {
    platform.configuration = configuration({ keys: [k1.publicJwk], fetchedAt: new Date() });
    platform.delayMs = 50;
    platform.log.length = 0;
    const jwksBefore = platform.calls.jwks;
    const a = authorizer();
    a.warmUp();
    expect(await decision(a, await tokenOf(k1))).toBe("Allow");
    const before = [...platform.log];
    expect(before.map((r) => r.route).sort()).toEqual([
      "GET /api/system/default/gateways/configuration",
      "GET /default/system/.well-known/openid-configuration",
      "POST /default/system/oauth2/token",
    ]);
    expect(sequentialDepth(before)).toBe(2);
    expect(platform.calls.jwks - jwksBefore).toBe(0);
  });

  it("without embedded keys it still works, fetching the JWKS (a third round trip)", async () => {
    platform.configuration = configuration(null);
    platform.delayMs = 50;
    platform.log.length = 0;
    const a = authorizer();
    const token = await tokenOf(k1);
    expect(await decision(a, token)).toBe("Allow");
    expect(platform.log.map((r) => r.route)).toContain("GET /issuer/jwks");
    expect(sequentialDepth(platform.log), JSON.stringify(platform.log)).toBe(3);
  });

  it("does not use embedded keys older than JWKS_MAX_AGE: it fetches the JWKS instead", async () => {
    // Embedded keys say k2 only, fetched 11 minutes ago; the issuer now publishes k1.
    platform.configuration = configuration({ keys: [k2.publicJwk], fetchedAt: new Date(Date.now() - 11 * 60_000) });
    const a = authorizer();
    expect(await decision(a, await tokenOf(k2))).toBe("Unauthorized");
    expect(await decision(a, await tokenOf(k1))).toBe("Allow");
  });
});

describe("JWKS age", () => {
  it("refuses a key the issuer removed once the keys held are older than JWKS_MAX_AGE, and picks up the new set", async () => {
    const clock = { t: Date.now() };
    platform.configuration = configuration(null);
    platform.jwks = { keys: [k1.publicJwk, k2.publicJwk] };
    const a = authorizer(clock, { JWKS_MAX_AGE: "1m" });
    const old = await tokenOf(k1, Math.floor(clock.t / 1000));
    expect(await decision(a, old)).toBe("Allow");
    platform.jwks = { keys: [k2.publicJwk] }; // k1 rotated out
    clock.t += 20_000;
    expect(await decision(a, old)).toBe("Allow"); // younger than half the age: held keys, no fetch
    clock.t += 41_000; // 61 s: past the age, the held set is not used any more
    expect(await decision(a, old)).toBe("Unauthorized");
    expect(await decision(a, await tokenOf(k2, Math.floor(clock.t / 1000)))).toBe("Allow");
  });

  it("refreshes in the background past half the age, so a removed key stops verifying before the age is reached", async () => {
    const clock = { t: Date.now() };
    platform.configuration = configuration(null);
    const a = authorizer(clock, { JWKS_MAX_AGE: "1m" });
    const token = await tokenOf(k1, Math.floor(clock.t / 1000));
    expect(await decision(a, token)).toBe("Allow");
    platform.jwks = { keys: [k2.publicJwk] };
    clock.t += 31_000;
    const fetches = platform.calls.jwks;
    expect(await decision(a, token)).toBe("Allow"); // served from what is held, a refresh starts
    await expect.poll(() => platform.calls.jwks).toBe(fetches + 1);
    expect(await decision(a, token)).toBe("Unauthorized");
  });

  it("fails closed when the JWKS cannot be fetched past the age: embedded keys expire and tokens are refused, never passed", async () => {
    const clock = { t: Date.now() };
    platform.configuration = configuration({ keys: [k1.publicJwk], fetchedAt: new Date(clock.t) });
    const a = authorizer(clock, { JWKS_MAX_AGE: "1m", ACP_RELOAD_INTERVAL: "1h" });
    const token = await tokenOf(k1, Math.floor(clock.t / 1000));
    expect(await decision(a, token)).toBe("Allow");
    // The issuer's JWKS becomes unreachable (and so does the platform: the configuration cannot bring fresher keys).
    platform.down = true;
    clock.t += 59_000;
    expect(await decision(a, token)).toBe("Allow");
    clock.t += 2_000;
    expect(await decision(a, token)).toBe("Unauthorized");
    clock.t += 120_000;
    expect(await decision(a, token)).toBe("Unauthorized");
  });
});

describe("the token endpoint", () => {
  it("follows discovery when it names another token endpoint", async () => {
    const moved = await startFakePlatform();
    try {
      // The derived endpoint (`moved`'s /oauth2/token) refuses; `moved`'s discovery names `platform`'s.
      moved.discovery = { issuer: moved.issuerUrl, token_endpoint: `${platform.issuerUrl}/oauth2/token` };
      moved.tokenStatus = 404;
      const a = new Authorizer({
        env: { ACP_ISSUER_URL: moved.issuerUrl, ACP_CLIENT_ID: platform.clientId, ACP_CLIENT_SECRET: platform.clientSecret, LOGGING_LEVEL: "error" },
        sink: () => {},
      });
      open.push(a);
      const tokens = platform.calls.token;
      a.warmUp();
      await expect.poll(() => platform.calls.token).toBeGreaterThan(tokens);
    } finally {
      await moved.close();
    }
  });

  it("stops calling the platform when discovery names another issuer than ACP_ISSUER_URL", async () => {
    platform.configuration = configuration({ keys: [k1.publicJwk], fetchedAt: new Date() });
    platform.discovery = { issuer: "https://elsewhere.example/default/system", token_endpoint: `${platform.issuerUrl}/oauth2/token` };
    try {
      platform.log.length = 0;
      const a = authorizer(null, { ACP_RELOAD_INTERVAL: "100ms" });
      const token = await tokenOf(k1);
      await decision(a, token); // whichever of discovery and the first grant finishes first
      await expect.poll(() => platform.log.some((r) => r.route.endsWith("/openid-configuration") && r.end > 0)).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
      const calls = platform.calls.configuration;
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 150));
        await decision(a, token); // each one would start a reload
      }
      expect(platform.calls.configuration).toBe(calls);
    } finally {
      platform.discovery = null;
    }
  });
});
