import { generateKeyPairSync } from "node:crypto";
import { exportJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "../http/client";
import { Logger } from "../log";
import { startFakePlatform, type FakePlatform } from "../testkit/platform";
import { testKey } from "../testkit/issuer";
import { JwksCache } from "./jwks";

let platform: FakePlatform;
const http = new HttpClient();
const log = new Logger("error", () => {});

beforeAll(async () => {
  platform = await startFakePlatform();
});
afterAll(async () => {
  http.destroy();
  await platform.close();
});

function cache(clock: { t: number }, minRefetchMs = 5000) {
  return new JwksCache(http, log, { minRefetchMs: () => minRefetchMs, clock: { now: () => clock.t } });
}

describe("JwksCache", () => {
  it("fetches once, then serves keys from memory", async () => {
    const k1 = await testKey("k1");
    platform.jwks = { keys: [k1.publicJwk] };
    const before = platform.calls.jwks;
    const c = cache({ t: 1000 });
    const uri = `${platform.userIssuer}/jwks`;
    expect(await c.keysFor(uri, "k1", "RS256")).toHaveLength(1);
    expect(await c.keysFor(uri, "k1", "RS256")).toHaveLength(1);
    expect(platform.calls.jwks - before).toBe(1);
  });

  it("refetches on an unknown kid at most once per interval, which picks up a rotated key", async () => {
    const k1 = await testKey("r1");
    const k2 = await testKey("r2");
    platform.jwks = { keys: [k1.publicJwk] };
    const clock = { t: 10_000 };
    const c = cache(clock);
    const uri = `${platform.userIssuer}/jwks`;
    const before = platform.calls.jwks;
    await c.keysFor(uri, "r1", "RS256");
    platform.jwks = { keys: [k2.publicJwk, k1.publicJwk] };
    // Within the interval: a made-up kid does not cause a fetch.
    expect(await c.keysFor(uri, "r2", "RS256")).toHaveLength(0);
    expect(await c.keysFor(uri, "nope", "RS256")).toHaveLength(0);
    expect(platform.calls.jwks - before).toBe(1);
    clock.t += 5000;
    expect(await c.keysFor(uri, "r2", "RS256")).toHaveLength(1);
    expect(platform.calls.jwks - before).toBe(2);
    expect(await c.keysFor(uri, "nope", "RS256")).toHaveLength(0);
    expect(platform.calls.jwks - before).toBe(2);
  });

  it("binds keys to algorithms and refuses weak RSA keys", async () => {
    const ec = await testKey("ec", "ES256");
    const weak = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const weakJwk = { ...(await exportJWK(weak.publicKey)), kid: "weak" };
    const rsaNoAlg = { ...(await testKey("rsa")).publicJwk };
    delete rsaNoAlg.alg;
    platform.jwks = { keys: [ec.publicJwk, weakJwk, rsaNoAlg, { kty: "oct", k: "c2VjcmV0", kid: "hmac" }, { ...rsaNoAlg, kid: "enc", use: "enc" }] };
    const c = cache({ t: 0 });
    const uri = `${platform.userIssuer}/jwks`;
    expect(await c.keysFor(uri, "ec", "ES256")).toHaveLength(1);
    expect(await c.keysFor(uri, "ec", "RS256")).toHaveLength(0);
    expect(await c.keysFor(uri, "ec", "ES384")).toHaveLength(0);
    expect(await c.keysFor(uri, "weak", "RS256")).toHaveLength(0);
    expect(await c.keysFor(uri, "rsa", "PS256")).toHaveLength(1);
    expect(await c.keysFor(uri, "rsa", "RS512")).toHaveLength(1);
    expect(await c.keysFor(uri, "hmac", "RS256")).toHaveLength(0);
    expect(await c.keysFor(uri, "enc", "RS256")).toHaveLength(0);
  });

  it("survives an unreachable JWKS and retries only after the interval", async () => {
    const clock = { t: 0 };
    const c = cache(clock);
    platform.down = true;
    try {
      expect(await c.keysFor(`${platform.userIssuer}/jwks`, "k", "RS256")).toHaveLength(0);
    } finally {
      platform.down = false;
    }
    const k = await testKey("k");
    platform.jwks = { keys: [k.publicJwk] };
    expect(await c.keysFor(`${platform.userIssuer}/jwks`, "k", "RS256")).toHaveLength(0);
    clock.t += 5000;
    expect(await c.keysFor(`${platform.userIssuer}/jwks`, "k", "RS256")).toHaveLength(1);
  });
});
