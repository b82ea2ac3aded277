import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stackDurationMs } from "@/protocol/settings/go-duration";
import { authorizerSettingsPatchSchema, DEFAULT_AUTHORIZER_SETTINGS, mergeSettings, rootCaProblem } from "./settings";

const PEM = readFileSync(path.join(process.cwd(), "test", "fixtures", "test-root-ca.pem"), "utf8");

describe("Go durations", () => {
  it.each([
    ["500ms", 500],
    ["5s", 5000],
    ["1m30s", 90_000],
    ["1.5h", 5_400_000],
    ["100us", 0.1],
    ["2h45m", 9_900_000],
  ])("%s is %d ms", (text, ms) => expect(stackDurationMs(text)).toBeCloseTo(ms));

  it.each(["", "5", "5 s", "s", "-5s", "5sec", "1d", "5µs"])("%j is not one", (text) => expect(stackDurationMs(text)).toBeNull());

  it("the reload interval is at least 100ms and at most 24h", () => {
    const parse = (v: string) => authorizerSettingsPatchSchema.safeParse({ ACP_RELOAD_INTERVAL: v }).success;
    expect(parse("100ms")).toBe(true);
    expect(parse("99ms")).toBe(false);
    expect(parse("24h")).toBe(true);
    expect(parse("24h1s")).toBe(false);
  });
});

describe("JWKS_MAX_AGE", () => {
  it("defaults to 10m and is at least 10s and at most 24h", () => {
    expect(mergeSettings({}).JWKS_MAX_AGE).toBe("10m");
    const parse = (v: string) => authorizerSettingsPatchSchema.safeParse({ JWKS_MAX_AGE: v }).success;
    expect(parse("10s")).toBe(true);
    expect(parse("9s")).toBe(false);
    expect(parse("24h")).toBe(true);
    expect(parse("24h1s")).toBe(false);
    expect(parse("10 min")).toBe(false);
  });
});

describe("HTTP_CLIENT_ROOT_CA", () => {
  it("accepts empty, one or more certificates", () => {
    expect(rootCaProblem("")).toBeNull();
    expect(rootCaProblem(PEM)).toBeNull();
    expect(rootCaProblem(`${PEM.trim()}\n${PEM.trim()}\n`)).toBeNull();
  });

  it("refuses anything else", () => {
    expect(rootCaProblem("hello")).toMatch(/PEM certificate/);
    expect(rootCaProblem(PEM.replace("MIIB", "XXXX"))).toMatch(/not a valid X\.509/);
    expect(rootCaProblem(`${PEM}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n`)).toMatch(/only PEM certificate/);
    expect(rootCaProblem(PEM.repeat(8))).toMatch(/at most 4096/);
  });
});

describe("settings patches", () => {
  it("are strict and bounded", () => {
    expect(authorizerSettingsPatchSchema.safeParse({ AUTHORIZER_CACHE_TTL: 3601 }).success).toBe(false);
    expect(authorizerSettingsPatchSchema.safeParse({ AUTHORIZER_CACHE_TTL: 1.5 }).success).toBe(false);
    expect(authorizerSettingsPatchSchema.safeParse({ LOGGING_LEVEL: "verbose" }).success).toBe(false);
    expect(authorizerSettingsPatchSchema.safeParse({ AWS_AUTHORIZER_NAME: "has space" }).success).toBe(false);
    expect(authorizerSettingsPatchSchema.safeParse({ UNKNOWN: 1 }).success).toBe(false);
  });

  it("merge over the current values and the defaults", () => {
    expect(mergeSettings(null)).toEqual(DEFAULT_AUTHORIZER_SETTINGS);
    expect(mergeSettings({ ...DEFAULT_AUTHORIZER_SETTINGS, LOGGING_LEVEL: "debug" }, { AUTHORIZER_CACHE_TTL: 60 })).toEqual({
      ...DEFAULT_AUTHORIZER_SETTINGS,
      LOGGING_LEVEL: "debug",
      AUTHORIZER_CACHE_TTL: 60,
    });
  });
});
