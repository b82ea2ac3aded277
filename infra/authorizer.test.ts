import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { scanTemplate, authorizerTemplate } from "@/lib/aws/template";
import { catalogueEntries } from "@/protocol/settings/catalogue";
import { readTemplate, templateProblems, TEMPLATE_FILE } from "./template-catalogue";
import { ENV_BY_PARAMETER, PACKAGE_PARAMETERS, SECRET_PARAMETER, SETTING_PARAMETERS, BASE_PARAMETERS } from "@/lib/aws/stack/parameters";

const FILE = TEMPLATE_FILE;
const template = readTemplate(FILE);

describe("infra/authorizer.yaml", () => {
  it("passes cfn-lint with no error and no warning", () => {
    let output = "";
    let status = 0;
    try {
      output = execFileSync("cfn-lint", ["--format", "parseable", FILE], { encoding: "utf8" });
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string };
      status = e.status;
      output = `${e.stdout}${e.stderr}`;
    }
    expect(output.trim()).toBe("");
    expect(status).toBe(0);
  }, 60_000);

  it("has exactly the settings catalogue's parameters, constraints, groups, labels and variables (both ways)", () => {
    expect(templateProblems(template, catalogueEntries())).toEqual([]);
  });

  it("maps every configuration parameter 1:1 to an environment variable of the function", () => {
    const env = (template.Resources.LambdaFunction!.Properties.Environment as { Variables: Record<string, { Ref: string }> }).Variables;
    const fromTemplate = Object.fromEntries(Object.entries(env).map(([name, v]) => [v.Ref, name]));
    expect(fromTemplate).toEqual(ENV_BY_PARAMETER);
    expect(new Set(Object.values(env).map((v) => v.Ref)).size).toBe(Object.keys(env).length);
    // The parameters are exactly those, plus the package's three.
    expect(Object.keys(template.Parameters).sort()).toEqual([...Object.keys(ENV_BY_PARAMETER), ...PACKAGE_PARAMETERS].sort());
    expect(Object.values(ENV_BY_PARAMETER).sort()).toEqual(
      [
        "ACP_ISSUER_URL", "ACP_CLIENT_ID", "ACP_CLIENT_SECRET", "LOGGING_LEVEL", "ACP_RELOAD_INTERVAL", "JWKS_MAX_AGE", "ANALYTICS_ENABLED",
        "AWS_INJECT_CONTEXT", "ENFORCEMENT_ALLOW_UNKNOWN", "AWS_AUTHORIZER_NAME", "AWS_AUTHORIZER_CACHE_TTL",
        "HTTP_CLIENT_ROOT_CA", "HTTP_CLIENT_INSECURE_SKIP_VERIFY",
      ].sort(),
    );
  });

  it("hides the client secret and groups parameters into Base, Advanced and Certificate", () => {
    expect(template.Parameters[SECRET_PARAMETER]!.NoEcho).toBe(true);
    expect(Object.entries(template.Parameters).filter(([, p]) => p.NoEcho).map(([n]) => n)).toEqual([SECRET_PARAMETER]);
    const groups = template.Metadata["AWS::CloudFormation::Interface"].ParameterGroups;
    expect(groups.map((g) => g.Label.default)).toEqual(["Base configuration", "Advanced configuration", "Certificate configuration"]);
    expect(groups[0]!.Parameters.sort()).toEqual([...BASE_PARAMETERS.map((p) => p.parameter), ...PACKAGE_PARAMETERS].sort());
    expect(groups[1]!.Parameters).toEqual(SETTING_PARAMETERS.filter((p) => p.group === "advanced").map((p) => p.parameter));
    expect(groups[2]!.Parameters).toEqual(SETTING_PARAMETERS.filter((p) => p.group === "certificate").map((p) => p.parameter));
  });

  it("declares the resources of the reference stack with least privilege", () => {
    const r = template.Resources;
    expect(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.Type]))).toEqual({
      LambdaExecutionRole: "AWS::IAM::Role",
      LambdaPolicy: "AWS::IAM::Policy",
      ApiGWPolicy: "AWS::IAM::Policy",
      LambdaFunction: "AWS::Lambda::Function",
      LambdaTrigger: "AWS::Events::Rule",
      LambdaPermission: "AWS::Lambda::Permission",
      ApiGatewayInvokePermission: "AWS::Lambda::Permission",
    });
    const fn = r.LambdaFunction!.Properties;
    expect(fn.Runtime).toBe("nodejs22.x");
    expect(fn.Handler).toBe("index.handler");
    expect(fn.Code).toEqual({ S3Bucket: { Ref: "CodeS3Bucket" }, S3Key: { Ref: "CodeS3Key" } });
    const statements = (r.ApiGWPolicy!.Properties.PolicyDocument as { Statement: { Action: string; Resource: { "Fn::Sub": string } }[] }).Statement;
    expect(statements.map((s) => [s.Action, s.Resource["Fn::Sub"]])).toEqual([
      ["apigateway:GET", "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis*"],
      ["apigateway:POST", "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/*/authorizers"],
      ["apigateway:PATCH", "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/*/resources/*/methods/*"],
      ["apigateway:PATCH", "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/*/authorizers/*"],
    ]);
    expect(r.LambdaTrigger!.Properties.ScheduleExpression).toBe("rate(1 minute)");
    expect(r.LambdaPermission!.Properties).toMatchObject({ Principal: "events.amazonaws.com", SourceArn: { "Fn::GetAtt": ["LambdaTrigger", "Arn"] } });
    expect(r.ApiGatewayInvokePermission!.Properties).toMatchObject({
      Principal: "apigateway.amazonaws.com",
      SourceArn: { "Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:*/authorizers/*" },
    });
    expect(Object.keys(template.Outputs)).toEqual(["FunctionName", "FunctionArn"]);
  });

  it("is read by the console's scanner the same way a YAML parser reads it", () => {
    const scanned = scanTemplate(authorizerTemplate(FILE).body);
    expect(scanned.resources).toEqual(Object.keys(template.Resources));
    expect(scanned.parameters.map((p) => p.name)).toEqual(Object.keys(template.Parameters));
    for (const p of scanned.parameters) {
      expect(p.noEcho).toBe(template.Parameters[p.name]!.NoEcho === true);
      const d = template.Parameters[p.name]!.Default;
      expect(p.default).toBe(d === undefined ? null : String(d));
    }
  });

  it("leaves the authorizer name empty by default, so each function derives its own (gatehouse-<function name>)", () => {
    const p = template.Parameters.AuthorizerName as unknown as { Default?: string; AllowedPattern: string };
    expect(p.Default).toBe("");
    const pattern = new RegExp(p.AllowedPattern);
    expect(pattern.test("")).toBe(true);
    expect(pattern.test("gatehouse-1a2b3c4d")).toBe(true);
    expect(pattern.test("has space")).toBe(false);
    expect(pattern.test("x".repeat(129))).toBe(false);
  });

  it("fits CloudFormation's inline template limit (51,200 bytes)", () => {
    expect(Buffer.byteLength(authorizerTemplate(FILE).body)).toBeLessThan(51_200);
  });
});
