import {
  APIGatewayClient,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  FlushStageAuthorizersCacheCommand,
  GetDeploymentCommand,
  GetResourcesCommand,
  GetStageCommand,
  NotFoundException,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateMethodCommand,
  UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { functionResources } from "./function-template";
import { startMoto, type Moto } from "./start";

/** The behaviours gatehouse_moto_server.py adds to moto, without the sandbox beside it. */
const region = "us-east-1";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
let moto: Moto;
let apiGateway: APIGatewayClient;
let apiId = "";
let itemsId = "";
let authorizerId = "";

beforeAll(async () => {
  moto = await startMoto(); // no sandboxUrl: Invoke must say it needs the sandbox
  apiGateway = new APIGatewayClient({ region, endpoint: moto.endpoint, credentials });
  apiId = (await apiGateway.send(new CreateRestApiCommand({ name: "Emulator" }))).id!;
  const root = (await apiGateway.send(new GetResourcesCommand({ restApiId: apiId }))).items![0]!;
  itemsId = (await apiGateway.send(new CreateResourceCommand({ restApiId: apiId, parentId: root.id, pathPart: "items" }))).id!;
  authorizerId = (
    await apiGateway.send(
      new CreateAuthorizerCommand({
        restApiId: apiId,
        name: "auth",
        type: "REQUEST",
        authorizerUri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:123456789012:function:f/invocations`,
        identitySource: "method.request.header.Authorization",
        authorizerResultTtlInSeconds: 60,
      }),
    )
  ).id!;
  await apiGateway.send(new PutMethodCommand({ restApiId: apiId, resourceId: itemsId, httpMethod: "GET", authorizationType: "CUSTOM", authorizerId }));
  await apiGateway.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: itemsId, httpMethod: "GET", type: "MOCK" }));
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

const setAuthorization = (value: "NONE" | "CUSTOM") =>
  apiGateway.send(
    new UpdateMethodCommand({
      restApiId: apiId,
      resourceId: itemsId,
      httpMethod: "GET",
      patchOperations: [
        { op: "replace", path: "/authorizationType", value },
        ...(value === "CUSTOM" ? [{ op: "replace" as const, path: "/authorizerId", value: authorizerId }] : []),
      ],
    }),
  );

async function privateRead(path: string) {
  const res = await fetch(`${moto.endpoint}/_gatehouse/${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("gatehouse_moto_server", () => {
  it("GetDeployment embed=apisummary shows the methods as they were at CreateDeployment", async () => {
    await setAuthorization("CUSTOM");
    const first = (await apiGateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }))).id!;
    await setAuthorization("NONE"); // after the deployment: must not change its summary
    const summary = await apiGateway.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: first, embed: ["apisummary"] }));
    expect(summary.apiSummary).toEqual({ "/items": { GET: { authorizationType: "CUSTOM", apiKeyRequired: false } } });
    expect((await apiGateway.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: first }))).apiSummary).toBeUndefined();

    const second = (await apiGateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }))).id!;
    const next = await apiGateway.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: second, embed: ["apisummary"] }));
    expect(next.apiSummary).toEqual({ "/items": { GET: { authorizationType: "NONE", apiKeyRequired: false } } });
    const again = await apiGateway.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: first, embed: ["apisummary"] }));
    expect(again.apiSummary?.["/items"]?.GET?.authorizationType).toBe("CUSTOM");

    await expect(apiGateway.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: "nope" }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it("serves the full snapshot, with authorizer ids and definitions, at the emulator-only path", async () => {
    await setAuthorization("CUSTOM");
    const deploymentId = (await apiGateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }))).id!;
    await setAuthorization("NONE");
    const { status, body } = await privateRead(`restapis/${apiId}/deployments/${deploymentId}/snapshot`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ restApiId: apiId, deploymentId });
    expect(typeof body.takenAt).toBe("string");
    expect(body.resources).toContainEqual({
      id: itemsId,
      path: "/items",
      resourceMethods: { GET: { authorizationType: "CUSTOM", authorizerId, apiKeyRequired: false } },
    });
    expect(body.authorizers).toEqual([
      expect.objectContaining({
        id: authorizerId,
        name: "auth",
        type: "REQUEST",
        identitySource: "method.request.header.Authorization",
        authorizerResultTtlInSeconds: 60,
        authorizerUri: expect.stringContaining("function:f/invocations") as unknown,
      }),
    ]);
    expect((await privateRead(`restapis/${apiId}/deployments/nope/snapshot`)).status).toBe(404);
    expect((await privateRead(`restapis/nope/deployments/${deploymentId}/snapshot`)).status).toBe(404);
  });

  it("keeps CreateStage with a deploymentId and UpdateStage of deploymentId working", async () => {
    const deploymentId = (await apiGateway.send(new CreateDeploymentCommand({ restApiId: apiId, description: "no stage" }))).id!;
    await apiGateway.send(new CreateStageCommand({ restApiId: apiId, stageName: "beta", deploymentId }));
    expect((await apiGateway.send(new GetStageCommand({ restApiId: apiId, stageName: "beta" }))).deploymentId).toBe(deploymentId);
    await apiGateway.send(
      new UpdateStageCommand({ restApiId: apiId, stageName: "prod", patchOperations: [{ op: "replace", path: "/deploymentId", value: deploymentId }] }),
    );
    expect((await apiGateway.send(new GetStageCommand({ restApiId: apiId, stageName: "prod" }))).deploymentId).toBe(deploymentId);
    expect((await privateRead(`restapis/${apiId}/deployments/${deploymentId}/snapshot`)).status).toBe(200);
  });

  it("FlushStageAuthorizersCache answers 202 and counts the flushes per stage; 404 for an unknown stage", async () => {
    const path = `restapis/${apiId}/stages/prod/authorizer-cache`;
    expect(await privateRead(path)).toEqual({ status: 200, body: { flushes: 0, flushedAt: null } });
    const out = await apiGateway.send(new FlushStageAuthorizersCacheCommand({ restApiId: apiId, stageName: "prod" }));
    expect(out.$metadata.httpStatusCode).toBe(202);
    await apiGateway.send(new FlushStageAuthorizersCacheCommand({ restApiId: apiId, stageName: "prod" }));
    const after = await privateRead(path);
    expect(after.body.flushes).toBe(2);
    expect(new Date(after.body.flushedAt as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await privateRead(`restapis/${apiId}/stages/beta/authorizer-cache`)).body.flushes).toBe(0);

    const missing = apiGateway.send(new FlushStageAuthorizersCacheCommand({ restApiId: apiId, stageName: "nostage" }));
    await expect(missing).rejects.toBeInstanceOf(NotFoundException);
    await expect(missing).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect((await privateRead(`restapis/${apiId}/stages/nostage/authorizer-cache`)).status).toBe(404);
  });

  it("Lambda Invoke says it needs the sandbox when GATEHOUSE_SANDBOX_URL is not set", async () => {
    const s3 = new S3Client({ region, endpoint: moto.endpoint, credentials, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: "code" }));
    await s3.send(new PutObjectCommand({ Bucket: "code", Key: "fn.zip", Body: zipSync({ "index.js": strToU8("exports.handler = async () => 1;") }) }));
    const cfn = new CloudFormationClient({ region, endpoint: moto.endpoint, credentials });
    const template = { Resources: functionResources({ functionName: "no-sandbox", bucket: "code", key: "fn.zip" }) };
    await cfn.send(new CreateStackCommand({ StackName: "no-sandbox", TemplateBody: JSON.stringify(template), Capabilities: ["CAPABILITY_IAM"] }));
    expect((await cfn.send(new DescribeStacksCommand({ StackName: "no-sandbox" }))).Stacks?.[0]?.StackStatus).toBe("CREATE_COMPLETE");

    const lambda = new LambdaClient({ region, endpoint: moto.endpoint, credentials, maxAttempts: 1 });
    const invoke = lambda.send(new InvokeCommand({ FunctionName: "no-sandbox", Payload: strToU8("{}") }));
    await expect(invoke).rejects.toMatchObject({ name: "ServiceException", $metadata: { httpStatusCode: 500 } });
    await expect(invoke).rejects.toThrow(/needs the sandbox/);
    await expect(lambda.send(new InvokeCommand({ FunctionName: "missing", Payload: strToU8("{}") }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
