import { describe, expect, it } from "vitest";
import { defaultStackName, STACK_NAME } from "./name";
import { DEFAULT_SETTINGS, mergeSettings, stackParameters, stackSettingsSchema } from "./parameters";
import { quickCreateUrl } from "./quick-create-url";

const inputs = {
  clientId: "cid",
  issuerUrl: "https://console.example/default/system",
  version: "1.2.3",
  bucket: "gatehouse-artifacts-123456789012-us-east-1",
  codeKey: "authorizer/abc.zip",
  settings: mergeSettings({ LOGGING_LEVEL: "debug" }, { AWS_INJECT_CONTEXT: true }),
};

describe("stack parameters", () => {
  it("fill every parameter, with booleans and numbers as strings", () => {
    const params: Record<string, string | undefined> = Object.fromEntries(
      stackParameters({ ...inputs, clientSecret: "s3cret" }).map((p): [string, string | undefined] => [p.ParameterKey ?? "", p.ParameterValue]),
    );
    expect(params).toMatchObject({
      ClientId: "cid",
      ClientSecret: "s3cret",
      IssuerUrl: inputs.issuerUrl,
      AuthorizerVersion: "1.2.3",
      CodeS3Bucket: inputs.bucket,
      CodeS3Key: "authorizer/abc.zip",
      LoggingLevel: "debug",
      InjectContext: "true",
      AnalyticsEnabled: "true",
      AuthorizerCacheTtl: "0",
      HttpClientRootCa: "",
    });
  });

  it("keep the stack's secret with UsePreviousValue unless it is given", () => {
    const secret = stackParameters({ ...inputs, clientSecret: { usePrevious: true } }).find((p) => p.ParameterKey === "ClientSecret");
    expect(secret).toEqual({ ParameterKey: "ClientSecret", UsePreviousValue: true });
  });

  it("validate settings as the template does", () => {
    expect(stackSettingsSchema.safeParse({ ACP_RELOAD_INTERVAL: "1m30s" }).success).toBe(true);
    expect(stackSettingsSchema.safeParse({ ACP_RELOAD_INTERVAL: "5 seconds" }).success).toBe(false);
    expect(stackSettingsSchema.safeParse({ AUTHORIZER_CACHE_TTL: 3601 }).success).toBe(false);
    expect(stackSettingsSchema.safeParse({ HTTP_CLIENT_ROOT_CA: "not a pem" }).success).toBe(false);
    expect(stackSettingsSchema.safeParse({ UNKNOWN: 1 }).success).toBe(false);
    expect(mergeSettings(null)).toEqual(DEFAULT_SETTINGS);
  });
});

describe("stack names", () => {
  it("default to gatehouse-authorizer-<slug> and satisfy CloudFormation's rule", () => {
    expect(defaultStackName("Pet Store (prod) Ünïcode!")).toBe("gatehouse-authorizer-pet-store-prod-unicode");
    expect(defaultStackName("***")).toBe("gatehouse-authorizer");
    expect(STACK_NAME.test(defaultStackName("x".repeat(300)))).toBe(true);
    expect(STACK_NAME.test("1-starts-with-digit")).toBe(false);
    expect(STACK_NAME.test("has_underscore")).toBe(false);
  });
});

describe("quick-create link", () => {
  it("prefills everything but the NoEcho secret", () => {
    const url = quickCreateUrl("eu-west-1", "https://b.s3.eu-west-1.amazonaws.com/templates/t.yaml", "gatehouse-authorizer-x", {
      ClientId: "cid",
      LoggingLevel: "info",
    });
    expect(url.startsWith("https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/create/review?")).toBe(true);
    const query = new URLSearchParams(url.split("#/stacks/create/review?")[1]);
    expect(query.get("templateURL")).toBe("https://b.s3.eu-west-1.amazonaws.com/templates/t.yaml");
    expect(query.get("stackName")).toBe("gatehouse-authorizer-x");
    expect(query.get("param_ClientId")).toBe("cid");
    expect(query.has("param_ClientSecret")).toBe(false);
  });
});
