import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { effectiveSettings } from "./effective";
import { loadSettings } from "./settings";

const base = { ACP_ISSUER_URL: "http://localhost:3000/default/system", ACP_CLIENT_ID: "cid", ACP_CLIENT_SECRET: "s3cret-value" };

describe("loadSettings", () => {
  it("applies the published defaults", () => {
    const r = loadSettings(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings).toMatchObject({
      loggingLevel: "info",
      reloadIntervalMs: 5000,
      analyticsEnabled: true,
      injectContext: false,
      allowUnknown: false,
      authorizerName: "gatehouse-authorizer",
      authorizerCacheTtl: 0,
      insecureSkipVerify: false,
      rootCa: undefined,
    });
    expect(r.fromEnv.size).toBe(0);
  });

  it("parses every variable of the table", () => {
    const r = loadSettings({
      ...base,
      LOGGING_LEVEL: "DEBUG",
      ACP_RELOAD_INTERVAL: "1m30s",
      ANALYTICS_ENABLED: "false",
      AWS_INJECT_CONTEXT: "True",
      ENFORCEMENT_ALLOW_UNKNOWN: "1",
      AWS_REGION: "eu-west-1",
      AWS_LAMBDA_FUNCTION_NAME: "fn",
      AWS_AUTHORIZER_NAME: "my-authz",
      AWS_AUTHORIZER_CACHE_TTL: "300",
      HTTP_CLIENT_INSECURE_SKIP_VERIFY: "t",
      HTTP_CLIENT_ROOT_CA: "",
    });
    expect(r.ok && r.settings).toMatchObject({
      loggingLevel: "debug",
      reloadIntervalMs: 90_000,
      analyticsEnabled: false,
      injectContext: true,
      allowUnknown: true,
      region: "eu-west-1",
      functionName: "fn",
      authorizerName: "my-authz",
      authorizerCacheTtl: 300,
      insecureSkipVerify: true,
    });
    expect(r.ok && [...r.fromEnv].sort()).toEqual(
      ["ACP_RELOAD_INTERVAL", "ANALYTICS_ENABLED", "AWS_AUTHORIZER_CACHE_TTL", "AWS_AUTHORIZER_NAME", "AWS_INJECT_CONTEXT", "ENFORCEMENT_ALLOW_UNKNOWN", "LOGGING_LEVEL"],
    );
  });

  it("derives the authorizer name from the function when AWS_AUTHORIZER_NAME is unset or empty", () => {
    const name = (env: Record<string, string>) => {
      const r = loadSettings({ ...base, ...env });
      return r.ok ? r.settings.authorizerName : r.problems;
    };
    expect(name({ AWS_LAMBDA_FUNCTION_NAME: "gw-prod-AuthorizerFn-1A2B" })).toBe("gatehouse-gw-prod-AuthorizerFn-1A2B");
    expect(name({ AWS_LAMBDA_FUNCTION_NAME: "fn", AWS_AUTHORIZER_NAME: "" })).toBe("gatehouse-fn");
    expect(name({ AWS_LAMBDA_FUNCTION_NAME: "fn", AWS_AUTHORIZER_NAME: "  " })).toBe("gatehouse-fn");
    expect(name({ AWS_LAMBDA_FUNCTION_NAME: "x".repeat(200) })).toBe(`gatehouse-${"x".repeat(118)}`);
    expect(name({ AWS_LAMBDA_FUNCTION_NAME: "fn", AWS_AUTHORIZER_NAME: "mine" })).toBe("mine");
    // An explicit value is still validated.
    expect(name({ AWS_LAMBDA_FUNCTION_NAME: "fn", AWS_AUTHORIZER_NAME: "has space" })).toEqual([{ variable: "AWS_AUTHORIZER_NAME", message: expect.stringContaining("128") as string }]);
    const r = loadSettings({ ...base, AWS_LAMBDA_FUNCTION_NAME: "fn" });
    expect(r.ok && r.fromEnv.has("AWS_AUTHORIZER_NAME")).toBe(false);
  });

  it("names every invalid or missing variable and never echoes the secret", () => {
    const r = loadSettings({
      ACP_ISSUER_URL: "http://x/only-one-segment",
      ACP_CLIENT_SECRET: "",
      ACP_RELOAD_INTERVAL: "5",
      ANALYTICS_ENABLED: "yes",
      AWS_AUTHORIZER_CACHE_TTL: "4000",
      LOGGING_LEVEL: "verbose",
      HTTP_CLIENT_ROOT_CA: "not a pem",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.variable).sort()).toEqual(
      ["ACP_CLIENT_ID", "ACP_CLIENT_SECRET", "ACP_ISSUER_URL", "ACP_RELOAD_INTERVAL", "ANALYTICS_ENABLED", "AWS_AUTHORIZER_CACHE_TTL", "HTTP_CLIENT_ROOT_CA", "LOGGING_LEVEL"],
    );
    expect(r.problems.find((p) => p.variable === "ACP_RELOAD_INTERVAL")?.message).toMatch(/missing unit/);
    expect(r.loggingLevel).toBe("info");
  });

  it("JWKS_MAX_AGE: 10 minutes by default, 10s..24h, from the console when the environment leaves it unset", () => {
    const r = loadSettings(base);
    expect(r.ok && r.settings.jwksMaxAgeMs).toBe(600_000);
    expect(loadSettings({ ...base, JWKS_MAX_AGE: "9s" }).ok).toBe(false);
    expect(loadSettings({ ...base, JWKS_MAX_AGE: "25h" }).ok).toBe(false);
    expect(loadSettings({ ...base, JWKS_MAX_AGE: "5 minutes" }).ok).toBe(false);
    const set = loadSettings({ ...base, JWKS_MAX_AGE: "90s" });
    expect(set.ok && set.settings.jwksMaxAgeMs).toBe(90_000);
    if (!r.ok || !set.ok) throw new Error("unreachable");
    expect(effectiveSettings(r.settings, r.fromEnv, { JWKS_MAX_AGE: "2m" }).settings.jwksMaxAgeMs).toBe(120_000);
    expect(effectiveSettings(set.settings, set.fromEnv, { JWKS_MAX_AGE: "2m" }).settings.jwksMaxAgeMs).toBe(90_000);
    expect(effectiveSettings(r.settings, r.fromEnv, { JWKS_MAX_AGE: "1s" }).ignored.map((i) => i.variable)).toEqual(["JWKS_MAX_AGE"]);
  });

  it("rejects reload intervals outside 100ms..24h", () => {
    expect(loadSettings({ ...base, ACP_RELOAD_INTERVAL: "50ms" }).ok).toBe(false);
    expect(loadSettings({ ...base, ACP_RELOAD_INTERVAL: "25h" }).ok).toBe(false);
    expect(loadSettings({ ...base, ACP_RELOAD_INTERVAL: "100ms" }).ok).toBe(true);
  });

  it("accepts a root CA whose line breaks became spaces", async () => {
    const { X509Certificate } = await import("node:crypto");
    const pem = selfSignedPem();
    const flattened = pem.replace(/\n/g, " ");
    const r = loadSettings({ ...base, HTTP_CLIENT_ROOT_CA: flattened });
    expect(r.ok).toBe(true);
    if (r.ok) expect(new X509Certificate(r.settings.rootCa!).subject).toContain("CN=Gatehouse test CA");
  });
});

describe("effectiveSettings", () => {
  it("takes console values only for variables the environment left unset", () => {
    const r = loadSettings({ ...base, ENFORCEMENT_ALLOW_UNKNOWN: "false" });
    if (!r.ok) throw new Error("bad");
    const eff = effectiveSettings(r.settings, r.fromEnv, {
      ENFORCEMENT_ALLOW_UNKNOWN: true,
      AWS_INJECT_CONTEXT: true,
      ACP_RELOAD_INTERVAL: "1s",
      AUTHORIZER_CACHE_TTL: 60,
      LOGGING_LEVEL: "nonsense",
      HTTP_CLIENT_INSECURE_SKIP_VERIFY: true,
    });
    expect(eff.settings.allowUnknown).toBe(false);
    expect(eff.settings.injectContext).toBe(true);
    expect(eff.settings.reloadIntervalMs).toBe(1000);
    expect(eff.settings.authorizerCacheTtl).toBe(60);
    expect(eff.settings.loggingLevel).toBe("info");
    expect(eff.settings.insecureSkipVerify).toBe(false);
    expect(eff.ignored).toEqual([{ variable: "LOGGING_LEVEL", message: expect.stringContaining("must be one of") as string }]);
  });
});

/** The test CA of lambda/fixtures/tls (a fixed file keeps the test offline and deterministic). */
function selfSignedPem(): string {
  return readFileSync(path.join(import.meta.dirname, "..", "fixtures", "tls", "ca.pem"), "utf8");
}
