import { afterEach, describe, expect, it, vi } from "vitest";
import type { SettingEntry } from "./catalogue";
import { duration } from "./kinds";

/**
 * Adding a setting is one entry in the catalogue: a test-only entry, pushed into a fresh instance
 * of the catalogue module before the derived modules load, reaches the console's form, its patch
 * schema and defaults, the stack parameters, the authorizer's reader (environment and
 * configuration) and the docs table — and the template check reports it until infra/authorizer.yaml
 * has its parameter. The entry is removed (and the module registry reset) after each test.
 */

const BASE_ENV = { ACP_ISSUER_URL: "http://localhost:3000/default/system", ACP_CLIENT_ID: "cid", ACP_CLIENT_SECRET: "s3cret-value" };

async function withFixture() {
  vi.resetModules();
  const catalogue = await import("./catalogue");
  const fixture = duration(
    { minMs: 1000, maxMs: 60_000, minText: "1s", maxText: "1m", examples: "5s or 30s" },
    {
      env: "FIXTURE_GRACE_PERIOD", parameter: "FixtureGracePeriod", field: "fixtureGracePeriodMs", consoleKey: "FIXTURE_GRACE_PERIOD", fromConfiguration: true,
      group: "advanced", default: "30s", label: "Fixture grace period", description: "A test-only setting.",
    },
  ) as unknown as SettingEntry;
  const entries = catalogue.SETTINGS_CATALOGUE as unknown as SettingEntry[];
  entries.push(fixture);
  return { catalogue, fixture, remove: () => entries.splice(entries.indexOf(fixture), 1) };
}

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
  vi.resetModules();
});

describe("a setting added to the catalogue", () => {
  it("shows up in the console form's metadata and checks", async () => {
    const f = await withFixture();
    cleanup = f.remove;
    const meta = await import("@/components/gateways/settings-meta");
    expect(meta.AUTHORIZER_SETTINGS.find((m) => (m.key as string) === "FIXTURE_GRACE_PERIOD")).toEqual({
      key: "FIXTURE_GRACE_PERIOD", kind: "duration", default: "30s", description: "A test-only setting.",
    });
    const key = "FIXTURE_GRACE_PERIOD" as Parameters<typeof meta.settingError>[0];
    expect(meta.settingError(key, "45s")).toBeNull();
    expect(meta.settingError(key, "500ms")).toBe("At least 1s.");
    expect(meta.settingError(key, "5 sec")).toBe("Use Go duration syntax, e.g. 5s or 30s.");
  });

  it("is stored, defaulted and validated by the console", async () => {
    const f = await withFixture();
    cleanup = f.remove;
    const settings = await import("@/lib/gateways/settings");
    expect(settings.DEFAULT_AUTHORIZER_SETTINGS).toMatchObject({ FIXTURE_GRACE_PERIOD: "30s", LOGGING_LEVEL: "info" });
    expect(settings.authorizerSettingsPatchSchema.safeParse({ FIXTURE_GRACE_PERIOD: " 45s " })).toEqual({ success: true, data: { FIXTURE_GRACE_PERIOD: "45s" } });
    expect(settings.authorizerSettingsPatchSchema.safeParse({ FIXTURE_GRACE_PERIOD: "2m" }).success).toBe(false);
  });

  it("becomes a stack parameter", async () => {
    const f = await withFixture();
    cleanup = f.remove;
    const parameters = await import("@/lib/aws/stack/parameters");
    expect(parameters.SETTING_PARAMETERS).toContainEqual({ parameter: "FixtureGracePeriod", env: "FIXTURE_GRACE_PERIOD", setting: "FIXTURE_GRACE_PERIOD", group: "advanced" });
    expect(parameters.ENV_BY_PARAMETER.FixtureGracePeriod).toBe("FIXTURE_GRACE_PERIOD");
    const settings = parameters.mergeSettings(null, { FIXTURE_GRACE_PERIOD: "45s" } as never);
    const sent = parameters.stackParameters({ clientId: "cid", clientSecret: "s", issuerUrl: BASE_ENV.ACP_ISSUER_URL, version: "1.0.0", bucket: "b", codeKey: "k", settings });
    expect(sent).toContainEqual({ ParameterKey: "FixtureGracePeriod", ParameterValue: "45s" });
  });

  it("is read by the authorizer from its environment and from the console's configuration", async () => {
    const f = await withFixture();
    cleanup = f.remove;
    const { loadSettings } = await import("@/lambda/settings/settings");
    const { effectiveSettings } = await import("@/lambda/settings/effective");
    const field = (s: object) => (s as Record<string, unknown>).fixtureGracePeriodMs;

    const unset = loadSettings(BASE_ENV);
    if (!unset.ok) throw new Error(JSON.stringify(unset.problems));
    expect(field(unset.settings)).toBe(30_000);
    const set = loadSettings({ ...BASE_ENV, FIXTURE_GRACE_PERIOD: "1m" });
    expect(set.ok && field(set.settings)).toBe(60_000);
    expect(set.ok && set.fromEnv.has("FIXTURE_GRACE_PERIOD")).toBe(true);
    const bad = loadSettings({ ...BASE_ENV, FIXTURE_GRACE_PERIOD: "2m" });
    expect(bad.ok ? [] : bad.problems).toEqual([{ variable: "FIXTURE_GRACE_PERIOD", message: "must be between 1s and 1m, got 2m" }]);

    expect(field(effectiveSettings(unset.settings, unset.fromEnv, { FIXTURE_GRACE_PERIOD: "10s" }).settings)).toBe(10_000);
    expect(effectiveSettings(unset.settings, unset.fromEnv, { FIXTURE_GRACE_PERIOD: "1h" }).ignored).toEqual([
      { variable: "FIXTURE_GRACE_PERIOD", message: "must be between 1s and 1m, got 1h" },
    ]);
    if (!set.ok) throw new Error("unreachable");
    expect(field(effectiveSettings(set.settings, set.fromEnv, { FIXTURE_GRACE_PERIOD: "10s" }).settings)).toBe(60_000);
  });

  it("joins the docs table, and the template check fails until infra/authorizer.yaml has its parameter", async () => {
    const f = await withFixture();
    cleanup = f.remove;
    const { settingsTable } = await import("./docs-table");
    expect(settingsTable(f.catalogue.catalogueEntries())).toContain("| `FIXTURE_GRACE_PERIOD` | `FixtureGracePeriod` | `30s` | `FIXTURE_GRACE_PERIOD` | A test-only setting. (Go duration, 1s–1m) |");

    const { readTemplate, templateProblems } = await import("@/infra/template-catalogue");
    const template = readTemplate();
    expect(templateProblems(template, f.catalogue.catalogueEntries())).toEqual(["FixtureGracePeriod (FIXTURE_GRACE_PERIOD): the template has no parameter FixtureGracePeriod"]);

    // With the parameter, its label, its group and its variable, the template passes again.
    template.Parameters.FixtureGracePeriod = {
      Type: "String", Default: "30s", AllowedPattern: f.fixture.pattern, Description: "FIXTURE_GRACE_PERIOD - a test-only setting.",
    };
    const iface = template.Metadata["AWS::CloudFormation::Interface"];
    iface.ParameterLabels.FixtureGracePeriod = { default: "Fixture grace period" };
    iface.ParameterGroups.find((g) => g.Label.default === "Advanced configuration")!.Parameters.push("FixtureGracePeriod");
    (template.Resources.LambdaFunction!.Properties.Environment as { Variables: Record<string, unknown> }).Variables.FIXTURE_GRACE_PERIOD = { Ref: "FixtureGracePeriod" };
    expect(templateProblems(template, f.catalogue.catalogueEntries())).toEqual([]);
  });

  it("is gone afterwards", async () => {
    const { catalogueEntries } = await import("./catalogue");
    expect(catalogueEntries().map((e) => e.env)).not.toContain("FIXTURE_GRACE_PERIOD");
  });
});
