import { createHash } from "node:crypto";
import {
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  FlushStageAuthorizersCacheCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { functionResources } from "@/test/moto/function-template";
import { freePort, startMoto, type Moto } from "@/test/moto/start";
import { awsClients } from "./aws";
import { startSandbox, type Sandbox } from "./server";

/**
 * A tiny authorizer whose answer the request's Authorization header chooses; `calls` in its context
 * counts its invocations (a cached answer repeats the count).
 */
const AUTHORIZER_JS = `
let calls = 0;
exports.handler = async (event) => {
  if (event.source === "aws.events") { console.log("scheduled event received " + event.id); return "ok"; }
  calls++;
  const auth = (event.headers && (event.headers.Authorization || event.headers.authorization)) || "";
  const effect = auth === "allow" ? "Allow" : "Deny";
  if (auth === "unauthorized") throw new Error("Unauthorized");
  if (auth === "crash") throw new Error("boom");
  const context = auth === "bad-context" ? { nested: { no: 1 } } : { who: "tester", env: process.env.GREETING || "", calls };
  return { principalId: "user-1", context, policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: [event.methodArn] }] } };
};`;

const TEMPLATE = (bucket: string, key: string) =>
  JSON.stringify({
    AWSTemplateFormatVersion: "2010-09-09",
    Resources: {
      ...functionResources({ functionName: "sandbox-test-authorizer", bucket, key, variables: { GREETING: "from-the-function-env" } }),
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
let functionArn = "";
const region = "us-east-1";

beforeAll(async () => {
  // The emulator forwards Lambda's Invoke to the sandbox, so it must know the sandbox's URL first.
  const sandboxPort = await freePort();
  moto = await startMoto({ sandboxUrl: `http://127.0.0.1:${sandboxPort}` });
  const aws = awsClients(moto.endpoint, region);
  const zip = zipSync({ "index.js": [strToU8(AUTHORIZER_JS), { mtime: new Date("2020-01-01T00:00:00Z") }] });
  const key = `authorizer/${createHash("sha256").update(zip).digest("hex")}.zip`;
  await aws.s3.send(new CreateBucketCommand({ Bucket: "sandbox-artifacts" }));
  await aws.s3.send(new PutObjectCommand({ Bucket: "sandbox-artifacts", Key: key, Body: zip }));
  const cfn = new CloudFormationClient({ region, endpoint: moto.endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  await cfn.send(new CreateStackCommand({ StackName: "sandbox-test", TemplateBody: TEMPLATE("sandbox-artifacts", key), Capabilities: ["CAPABILITY_IAM"] }));
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: "sandbox-test" }))).Stacks?.[0];
  expect(stack?.StackStatus).toBe("CREATE_COMPLETE");
  functionArn = stack?.Outputs?.[0]?.OutputValue ?? "";

  const api = await aws.apiGateway.send(new CreateRestApiCommand({ name: "PetStore" }));
  apiId = api.id!;
  const root = (await aws.apiGateway.send(new GetResourcesCommand({ restApiId: apiId }))).items![0]!;
  const pets = await aws.apiGateway.send(new CreateResourceCommand({ restApiId: apiId, parentId: root.id, pathPart: "pets" }));
  const pet = await aws.apiGateway.send(new CreateResourceCommand({ restApiId: apiId, parentId: pets.id, pathPart: "{petId}" }));
  petResourceId = pet.id!;
  const authorizer = await aws.apiGateway.send(
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
    await aws.apiGateway.send(new PutMethodCommand({ restApiId: apiId, resourceId: resource, httpMethod: "GET", ...auth }));
    await aws.apiGateway.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: resource, httpMethod: "GET", type: "MOCK" }));
  }
  await aws.apiGateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }));
  sandbox = await startSandbox({ awsEndpoint: moto.endpoint, region, port: sandboxPort, scheduleIntervalMs: 0, log: () => undefined });
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
  await moto?.stop();
});

async function getOn(api: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${sandbox.url}/restapis/${api}/prod/_user_request_${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const get = (path: string, headers: Record<string, string> = {}) => getOn(apiId, path, headers);

const authorizerOf = (res: { body: Record<string, unknown> }) => (res.body.requestContext as { authorizer?: Record<string, unknown> }).authorizer;

/** A REST API of its own: GET /items with the given authorization, and a REQUEST authorizer on the test function. */
async function createApi(name: string, ttlSeconds: number, authorizationType: "NONE" | "CUSTOM") {
  const aws = awsClients(moto.endpoint, region);
  const id = (await aws.apiGateway.send(new CreateRestApiCommand({ name }))).id!;
  const root = (await aws.apiGateway.send(new GetResourcesCommand({ restApiId: id }))).items![0]!;
  const resourceId = (await aws.apiGateway.send(new CreateResourceCommand({ restApiId: id, parentId: root.id, pathPart: "items" }))).id!;
  const authorizerId = (
    await aws.apiGateway.send(
      new CreateAuthorizerCommand({
        restApiId: id,
        name: `${name}-authorizer`,
        type: "REQUEST",
        authorizerUri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
        identitySource: "method.request.header.Authorization",
        authorizerResultTtlInSeconds: ttlSeconds,
      }),
    )
  ).id!;
  await aws.apiGateway.send(
    new PutMethodCommand({
      restApiId: id,
      resourceId,
      httpMethod: "GET",
      authorizationType,
      ...(authorizationType === "CUSTOM" ? { authorizerId } : {}),
    }),
  );
  await aws.apiGateway.send(new PutIntegrationCommand({ restApiId: id, resourceId, httpMethod: "GET", type: "MOCK" }));
  return { apiId: id, resourceId, authorizerId, aws };
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
    await aws.apiGateway.send(
      new UpdateMethodCommand({
        restApiId: apiId,
        resourceId: petResourceId,
        httpMethod: "GET",
        patchOperations: [{ op: "replace", path: "/authorizationType", value: "NONE" }],
      }),
    );
    expect((await get("/pets/1")).status).toBe(401); // still the deployed snapshot
    await aws.apiGateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }));
    expect((await get("/pets/1")).status).toBe(200); // the very next request sees the new deployment
  });

  it("delivers the scheduled event to the rule's function", async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/schedule`, { method: "POST" });
    expect(await res.json()).toEqual({ delivered: 1 });
    expect(sandbox.functions.logsOf("sandbox-test-authorizer").join("\n")).toContain("scheduled event received");
  });

  it("serves exactly what CreateDeployment snapshotted, even when the method changes right after", async () => {
    const { apiId: id, resourceId, authorizerId, aws } = await createApi("Snapshot", 0, "NONE");
    await aws.apiGateway.send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
    expect((await getOn(id, "/items", { Authorization: "deny" })).status).toBe(200); // no authorizer deployed yet

    const setAuthorization = (patchOperations: { op: "replace"; path: string; value: string }[]) =>
      aws.apiGateway.send(new UpdateMethodCommand({ restApiId: id, resourceId, httpMethod: "GET", patchOperations }));
    await setAuthorization([
      { op: "replace", path: "/authorizationType", value: "CUSTOM" },
      { op: "replace", path: "/authorizerId", value: authorizerId },
    ]);
    await aws.apiGateway.send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
    await setAuthorization([{ op: "replace", path: "/authorizationType", value: "NONE" }]); // detached at once

    expect((await getOn(id, "/items", { Authorization: "deny" })).status).toBe(403);
    const allowed = await getOn(id, "/items", { Authorization: "allow" });
    expect(allowed.status).toBe(200);
    expect(authorizerOf(allowed)).toMatchObject({ principalId: "user-1", who: "tester" });
    expect((await getOn(id, "/items")).status).toBe(401);

    await aws.apiGateway.send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
    const open = await getOn(id, "/items", { Authorization: "deny" });
    expect(open.status).toBe(200);
    expect(authorizerOf(open)).toBeUndefined();
  });

  it("reuses a cached authorizer answer until FlushStageAuthorizersCache", async () => {
    const { apiId: id, aws } = await createApi("Flush", 300, "CUSTOM");
    await aws.apiGateway.send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
    const callsOf = async () => {
      const res = await getOn(id, "/items", { Authorization: "allow" });
      expect(res.status).toBe(200);
      return authorizerOf(res)!.calls as number;
    };
    const first = await callsOf();
    expect(await callsOf()).toBe(first); // served from the cache: the function was not invoked
    await aws.apiGateway.send(new FlushStageAuthorizersCacheCommand({ restApiId: id, stageName: "prod" }));
    const afterFlush = await callsOf();
    expect(afterFlush).toBeGreaterThan(first); // invoked again
    expect(await callsOf()).toBe(afterFlush); // and cached again
  });

  it("runs Lambda Invoke (LambdaClient against the emulator) in the sandbox", async () => {
    const lambda = new LambdaClient({
      region,
      endpoint: moto.endpoint,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    const scheduled = (id: string) =>
      strToU8(
        JSON.stringify({
          version: "0",
          id,
          "detail-type": "Scheduled Event",
          source: "aws.events",
          account: "123456789012",
          time: new Date().toISOString(),
          region,
          resources: ["arn:aws:events:us-east-1:123456789012:rule/test"],
          detail: {},
        }),
      );
    const logs = () => sandbox.functions.logsOf("sandbox-test-authorizer").join("\n");

    const sync = await lambda.send(new InvokeCommand({ FunctionName: "sandbox-test-authorizer", Payload: scheduled("sync-event-1") }));
    expect(sync.StatusCode).toBe(200);
    expect(sync.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(sync.Payload!).toString("utf8"))).toBe("ok");
    expect(logs()).toContain("scheduled event received sync-event-1");

    const async = await lambda.send(new InvokeCommand({ FunctionName: functionArn, InvocationType: "Event", Payload: scheduled("async-event-2") }));
    expect(async.StatusCode).toBe(202);
    await vi.waitFor(() => expect(logs()).toContain("scheduled event received async-event-2"), { timeout: 15_000, interval: 100 });

    const crash = await lambda.send(
      new InvokeCommand({ FunctionName: "sandbox-test-authorizer", Payload: strToU8(JSON.stringify({ headers: { Authorization: "crash" } })) }),
    );
    expect(crash.StatusCode).toBe(200);
    expect(crash.FunctionError).toBe("Unhandled");
    expect(JSON.parse(Buffer.from(crash.Payload!).toString("utf8"))).toEqual({ errorMessage: "boom", errorType: "Error" });
  });
});
