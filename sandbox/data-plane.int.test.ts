import { createHash } from "node:crypto";
import {
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMoto, type Moto } from "@/test/moto/start";
import { awsClients } from "./aws";
import { startSandbox, type Sandbox } from "./server";

/** A tiny authorizer whose answer the request's Authorization header chooses. */
const AUTHORIZER_JS = `
exports.handler = async (event) => {
  if (event.source === "aws.events") { console.log("scheduled event received"); return "ok"; }
  const auth = (event.headers && (event.headers.Authorization || event.headers.authorization)) || "";
  const effect = auth === "allow" ? "Allow" : "Deny";
  if (auth === "unauthorized") throw new Error("Unauthorized");
  if (auth === "crash") throw new Error("boom");
  const context = auth === "bad-context" ? { nested: { no: 1 } } : { who: "tester", env: process.env.GREETING || "" };
  return { principalId: "user-1", context, policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: [event.methodArn] }] } };
};`;

const TEMPLATE = (bucket: string, key: string) =>
  JSON.stringify({
    AWSTemplateFormatVersion: "2010-09-09",
    Resources: {
      Role: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
          },
        },
      },
      Fn: {
        Type: "AWS::Lambda::Function",
        Properties: {
          FunctionName: "sandbox-test-authorizer",
          Runtime: "nodejs22.x",
          Handler: "index.handler",
          Role: { "Fn::GetAtt": ["Role", "Arn"] },
          Code: { S3Bucket: bucket, S3Key: key },
          Environment: { Variables: { GREETING: "from-the-function-env" } },
        },
      },
      ApiPermission: {
        Type: "AWS::Lambda::Permission",
        Properties: {
          FunctionName: { Ref: "Fn" },
          Action: "lambda:InvokeFunction",
          Principal: "apigateway.amazonaws.com",
          SourceArn: { "Fn::Sub": "arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/authorizers/*" },
        },
      },
      Trigger: {
        Type: "AWS::Events::Rule",
        Properties: { ScheduleExpression: "rate(1 minute)", State: "ENABLED", Targets: [{ Arn: { "Fn::GetAtt": ["Fn", "Arn"] }, Id: "fn" }] },
      },
    },
    Outputs: { Arn: { Value: { "Fn::GetAtt": ["Fn", "Arn"] } } },
  });

let moto: Moto;
let sandbox: Sandbox;
let apiId = "";
let petResourceId = "";
const region = "us-east-1";

beforeAll(async () => {
  moto = await startMoto();
  const aws = awsClients(moto.endpoint, region);
  const zip = zipSync({ "index.js": [strToU8(AUTHORIZER_JS), { mtime: new Date("2020-01-01T00:00:00Z") }] });
  const key = `authorizer/${createHash("sha256").update(zip).digest("hex")}.zip`;
  await aws.s3.send(new CreateBucketCommand({ Bucket: "sandbox-artifacts" }));
  await aws.s3.send(new PutObjectCommand({ Bucket: "sandbox-artifacts", Key: key, Body: zip }));
  const cfn = new CloudFormationClient({ region, endpoint: moto.endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  await cfn.send(new CreateStackCommand({ StackName: "sandbox-test", TemplateBody: TEMPLATE("sandbox-artifacts", key), Capabilities: ["CAPABILITY_IAM"] }));
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: "sandbox-test" }))).Stacks?.[0];
  expect(stack?.StackStatus).toBe("CREATE_COMPLETE");
  const functionArn = stack?.Outputs?.[0]?.OutputValue ?? "";

  const api = await aws.apigateway.send(new CreateRestApiCommand({ name: "PetStore" }));
  apiId = api.id!;
  const root = (await aws.apigateway.send(new GetResourcesCommand({ restApiId: apiId }))).items![0]!;
  const pets = await aws.apigateway.send(new CreateResourceCommand({ restApiId: apiId, parentId: root.id, pathPart: "pets" }));
  const pet = await aws.apigateway.send(new CreateResourceCommand({ restApiId: apiId, parentId: pets.id, pathPart: "{petId}" }));
  petResourceId = pet.id!;
  const authorizer = await aws.apigateway.send(
    new CreateAuthorizerCommand({
      restApiId: apiId,
      name: "test-authorizer",
      type: "REQUEST",
      authorizerUri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
      identitySource: "method.request.header.Authorization,context.httpMethod,context.resourcePath",
      authorizerResultTtlInSeconds: 0,
    }),
  );
  for (const [resource, auth] of [
    [pets.id!, { authorizationType: "NONE" }],
    [pet.id!, { authorizationType: "CUSTOM", authorizerId: authorizer.id }],
  ] as const) {
    await aws.apigateway.send(new PutMethodCommand({ restApiId: apiId, resourceId: resource, httpMethod: "GET", ...auth }));
    await aws.apigateway.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: resource, httpMethod: "GET", type: "MOCK" }));
  }
  await aws.apigateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }));
  sandbox = await startSandbox({ awsEndpoint: moto.endpoint, region, scheduleIntervalMs: 0, log: () => undefined });
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
  await moto?.stop();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${sandbox.url}/restapis/${apiId}/prod/_user_request_${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("sandbox data plane", () => {
  it("passes a method without an authorizer and echoes a Lambda-proxy event", async () => {
    const res = await get("/pets?limit=2");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resource: "/pets", path: "/pets", httpMethod: "GET", queryStringParameters: { limit: "2" } });
    expect((res.body.requestContext as Record<string, unknown>).authorizer).toBeUndefined();
  });

  it("answers 401 without invoking when the identity source is missing", async () => {
    expect((await get("/pets/1")).status).toBe(401);
  });

  it("maps the authorizer's answers: Deny 403, Unauthorized 401, errors and non-primitive context 500", async () => {
    expect((await get("/pets/1", { Authorization: "deny" })).status).toBe(403);
    expect((await get("/pets/1", { Authorization: "unauthorized" })).status).toBe(401);
    expect((await get("/pets/1", { Authorization: "crash" })).status).toBe(500);
    expect((await get("/pets/1", { Authorization: "bad-context" })).status).toBe(500);
  });

  it("runs the function's actual zip with its actual environment and passes its context on", async () => {
    const res = await get("/pets/7", { Authorization: "allow" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resource: "/pets/{petId}", pathParameters: { petId: "7" } });
    expect((res.body.requestContext as Record<string, unknown>).authorizer).toMatchObject({
      principalId: "user-1",
      who: "tester",
      env: "from-the-function-env",
    });
  });

  it("answers 403 Missing Authentication Token for an unknown route or stage", async () => {
    expect((await get("/toys")).status).toBe(403);
    const res = await fetch(`${sandbox.url}/restapis/${apiId}/nostage/_user_request_/pets`);
    expect(res.status).toBe(403);
  });

  it("makes method changes live only after a deployment", async () => {
    const aws = awsClients(moto.endpoint, region);
    await aws.apigateway.send(
      new UpdateMethodCommand({
        restApiId: apiId,
        resourceId: petResourceId,
        httpMethod: "GET",
        patchOperations: [{ op: "replace", path: "/authorizationType", value: "NONE" }],
      }),
    );
    await sandbox.deployments.poll();
    expect((await get("/pets/1")).status).toBe(401); // still the deployed snapshot
    await aws.apigateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }));
    await sandbox.deployments.poll();
    expect((await get("/pets/1")).status).toBe(200);
  });

  it("delivers the scheduled event to the rule's function", async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/schedule`, { method: "POST" });
    expect(await res.json()).toEqual({ delivered: 1 });
    expect(sandbox.functions.logsOf("sandbox-test-authorizer").join("\n")).toContain("scheduled event received");
  });
});
