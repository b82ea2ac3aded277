import {
  APIGatewayClient,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetDeploymentsCommand,
  GetResourcesCommand,
  GetStageCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { CloudFormationClient, CreateStackCommand } from "@aws-sdk/client-cloudformation";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { apiGroups, apis, auditEvents, authorizerStacks, gateways, policies, redeployItems, redeployJobs, services, stageDeployments } from "@/lib/db/schema";
import { listApis } from "@/lib/enforcement/apis";
import { configureEnforcementRefresh } from "@/lib/enforcement/aws/refresh";
import { call, userWithToken } from "@/test/api-client";
import { motoEnv, startMoto, type Moto } from "@/test/moto/start";
import * as jobRoute from "./redeploy/[job]/route";
import * as redeployRoute from "./redeploy/route";
import { resetAwsClients } from "@/lib/aws/clients";
import { resetAccountCache } from "@/lib/aws/identity";
import { scaledClock } from "@/protocol/clock";
import { lastDeploymentAt } from "@/lib/aws/redeploy/deployments";
import { resetLimits } from "@/lib/aws/redeploy/limits";
import type { RedeployRequestResult } from "@/lib/aws/redeploy/request";
import type { RedeployJobView } from "@/lib/aws/redeploy/view";
import { configureRedeployWorker, kickWorker, resetRedeployWorker, resumeRedeployQueues } from "@/lib/aws/redeploy/worker";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
let moto: Moto;
let api: APIGatewayClient;
let cfn: CloudFormationClient;
const saved = { ...process.env };

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, motoEnv(moto.endpoint, REGION));
  resetAwsClients();
  resetAccountCache();
  resetLimits();
  resetRedeployWorker();
  // AWS's 5-second spacing still applies, on a clock 25× faster than the wall clock.
  const clock = scaledClock(25);
  configureEnforcementRefresh({ options: () => ({ clock, maxAttempts: 3 }) });
  configureRedeployWorker({ clock, jitter: () => 0, sync: () => Promise.reject(new Error("every method is attached in these tests")) });
  api = new APIGatewayClient({ region: REGION });
  cfn = new CloudFormationClient({ region: REGION });
}, 60_000);

afterAll(async () => {
  resetRedeployWorker();
  resetAwsClients();
  await moto?.stop();
  process.env = saved;
});

/** A REST API with one GET method, deployed to prod and dev. */
async function restApi(name: string): Promise<string> {
  const created = await api.send(new CreateRestApiCommand({ name }));
  const id = created.id!;
  const root = (await api.send(new GetResourcesCommand({ restApiId: id }))).items![0]!;
  const pets = await api.send(new CreateResourceCommand({ restApiId: id, parentId: root.id, pathPart: "pets" }));
  await api.send(new PutMethodCommand({ restApiId: id, resourceId: pets.id, httpMethod: "GET", authorizationType: "NONE" }));
  await api.send(new PutIntegrationCommand({ restApiId: id, resourceId: pets.id, httpMethod: "GET", type: "MOCK" }));
  for (const stage of ["prod", "dev"]) await api.send(new CreateDeploymentCommand({ restApiId: id, stageName: stage }));
  return id;
}

async function deploymentOf(restApiId: string, stage: string): Promise<string | undefined> {
  return (await api.send(new GetStageCommand({ restApiId, stageName: stage }))).deploymentId;
}

async function deploymentCount(restApiId: string): Promise<number> {
  return (await api.send(new GetDeploymentsCommand({ restApiId }))).items?.length ?? 0;
}

const FUNCTION_ARN = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const uriOf = (fn: string) => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fn}/invocations`;

/**
 * A gateway whose groups (one per API and stage) are bound to services, with its authorizer (by
 * URI) attached to every method in AWS. `changed` stages are behind: deployed before the
 * attachment (the others are deployed again after it) and their API got a policy.
 */
async function world(restApiIds: string[], changed: Set<string>) {
  const db = await getDb();
  const [gw] = await db.insert(gateways).values({ name: `redeploy-${Math.random().toString(36).slice(2, 8)}`, region: REGION, settings: {} as never }).returning();
  const fn = FUNCTION_ARN(`fn-${gw!.id.slice(0, 8)}`);
  // A real (minimal) stack in the emulator whose output names the function: the console reads its stack from AWS.
  const stackName = `s-${gw!.id.slice(0, 8)}`;
  const template = { Resources: { Handle: { Type: "AWS::CloudFormation::WaitConditionHandle" } }, Outputs: { FunctionArn: { Value: fn } } };
  const { StackId } = await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(template) }));
  await db.insert(authorizerStacks).values({
    gatewayId: gw!.id, stackName, stackId: StackId!, region: REGION, accountId: ACCOUNT,
    status: "CREATE_COMPLETE", operation: "launch", artifactsBucket: "b", codeKey: "k", templateKey: "t", templateSha256: "x",
    authorizerVersion: "0", parameters: {}, resourceCount: 1, outputs: { FunctionArn: fn },
  });
  for (const id of restApiIds) {
    const authorizer = await api.send(new CreateAuthorizerCommand({ restApiId: id, name: "any-name", type: "REQUEST", authorizerUri: uriOf(fn), identitySource: "context.httpMethod" }));
    const pets = (await api.send(new GetResourcesCommand({ restApiId: id }))).items!.find((r) => r.path === "/pets")!;
    await api.send(new UpdateMethodCommand({ restApiId: id, resourceId: pets.id, httpMethod: "GET", patchOperations: [
      { op: "replace", path: "/authorizationType", value: "CUSTOM" }, { op: "replace", path: "/authorizerId", value: authorizer.id },
    ] }));
    for (const stage of ["prod", "dev"]) if (!changed.has(`${id}/${stage}`)) await api.send(new CreateDeploymentCommand({ restApiId: id, stageName: stage }));
  }
  const [block] = await db.select().from(policies).where(eq(policies.policyName, "Block API"));
  let n = 0;
  for (const id of restApiIds) {
    for (const stage of ["prod", "dev"]) {
      const [svc] = await db.insert(services).values({ name: `svc-${gw!.id.slice(0, 6)}-${++n}`, gatewayId: gw!.id }).returning();
      await db.insert(apiGroups).values({
        gatewayId: gw!.id,
        id: `${id}-${stage}`,
        name: `Api ${id} (${stage})`,
        metadata: { type: "aws", aws: { api_id: id, api_name: `Api ${id}`, stage } },
        apis: [{ method: "GET", path: "/pets" }],
        serviceId: svc!.id,
      });
      const touched = changed.has(`${id}/${stage}`);
      await db.insert(apis).values({
        serviceId: svc!.id,
        method: "GET",
        path: "/pets",
        policyId: touched ? (block?.id ?? null) : null,
        policyChangedAt: touched ? new Date() : null,
      });
    }
  }
  return gw!;
}

async function waitForJob(token: string, jobId: string): Promise<RedeployJobView> {
  await kickWorker(ACCOUNT, REGION);
  const res = await call(jobRoute.GET, { token, params: { job: jobId } });
  expect(res.status).toBe(200);
  return res.body as RedeployJobView;
}

describe("Redeploy APIs on moto", () => {
  it("deploys exactly the stages whose deployment is behind (3 APIs × 2 stages), records and verifies it, and clears the pending marks", async () => {
    const admin = await userWithToken("admin");
    const ids = [await restApi("A"), await restApi("B"), await restApi("C")];
    const affected = new Set([`${ids[0]}/prod`, `${ids[0]}/dev`, `${ids[1]}/prod`, `${ids[2]}/dev`]);
    const gw = await world(ids, affected);
    const before = new Map<string, string | undefined>();
    for (const id of ids) for (const s of ["prod", "dev"]) before.set(`${id}/${s}`, await deploymentOf(id, s));
    const countsBefore = await Promise.all(ids.map(deploymentCount));

    const res = await call(redeployRoute.POST, { method: "POST", token: admin.token, body: { gateway_id: gw.id } });
    expect(res.status).toBe(202);
    const started = res.body as RedeployRequestResult;
    expect(started.job?.total).toBe(4);
    const audited = await (await getDb()).select().from(auditEvents).where(eq(auditEvents.targetId, started.job!.id));
    expect(audited.map((a) => [a.action, a.actorName])).toEqual([["apis.redeploy", admin.username]]);
    const job = await waitForJob(admin.token, started.job!.id);

    expect(job.status).toBe("succeeded");
    expect(job.items.map((i) => `${i.rest_api_id}/${i.stage}`).sort()).toEqual([...affected].sort());
    expect(job.items.every((i) => i.status === "succeeded" && i.deployment_id && i.attempts === 1)).toBe(true);
    const countsAfter = await Promise.all(ids.map(deploymentCount));
    expect(countsAfter.map((c, i) => c - countsBefore[i]!)).toEqual([2, 1, 1]);
    for (const [key, dep] of before) {
      const [id, stage] = key.split("/") as [string, string];
      const now = await deploymentOf(id, stage);
      if (affected.has(key)) {
        expect(now).not.toBe(dep);
        expect(now).toBe(job.items.find((i) => `${i.rest_api_id}/${i.stage}` === key)?.deployment_id);
      } else expect(now).toBe(dep);
    }

    const db = await getDb();
    const records = await db.select().from(stageDeployments).where(eq(stageDeployments.jobId, job.id));
    expect(records).toHaveLength(4);
    expect(records[0]).toMatchObject({ accountId: ACCOUNT, region: REGION, deployedBy: admin.username, gatewayId: gw.id });
    expect(records[0]!.changes).toEqual([{ method: "GET", path: "/pets", policy: "Block API" }]);

    const last = await lastDeploymentAt(db, ids[0]!, "prod");
    expect(last).toBeInstanceOf(Date);
    const items = await db.select().from(redeployItems).where(eq(redeployItems.jobId, job.id));
    expect(items.every((i) => i.verification?.unprotected === 0 && i.verification.methods.length === 1)).toBe(true);
    const after = await listApis(db, { gateway_id: gw.id });
    expect(after.summary.pending_redeploy).toBe(0);
    expect(after.apis.every((a) => !a.pending_redeploy && a.enforcement.code !== "open_at_gateway")).toBe(true);

    // Nothing changed since: nothing to redeploy.
    const again = await call(redeployRoute.POST, { method: "POST", token: admin.token, body: { gateway_id: gw.id } });
    expect(again.status).toBe(200);
    expect((again.body as RedeployRequestResult).job).toBeNull();
    // It says what it considered and why none needs a deployment, and what "all connected stages" does.
    expect((again.body as RedeployRequestResult).message).toMatch(
      /^Nothing to redeploy: checked all 6 connected stages of this gateway against AWS just now; none needs a deployment, because each one's deployment already publishes its connected methods with this gateway's authorizer .* Tick "all connected stages" to deploy them anyway\.$/,
    );
  }, 120_000);

  it("joins the running job on a second click instead of doubling it; the UI finds it with ?active=1", async () => {
    const admin = await userWithToken("admin");
    const ids = [await restApi("D"), await restApi("E"), await restApi("F")];
    const gw = await world(ids, new Set());
    const first = await call(redeployRoute.POST, { method: "POST", token: admin.token, body: { gateway_id: gw.id, all: true } });
    const second = await call(redeployRoute.POST, { method: "POST", token: admin.token, body: { gateway_id: gw.id, all: true } });
    const a = first.body as RedeployRequestResult;
    const b = second.body as RedeployRequestResult;
    expect(a.job?.total).toBe(6);
    expect(b.joined).toBe(true);
    expect(b.job?.id).toBe(a.job?.id);
    expect(b.job?.total).toBe(6);
    const active = await call(redeployRoute.GET, { token: admin.token, path: "/api/admin/default/redeploy?active=1" });
    expect((active.body as { jobs: RedeployJobView[] }).jobs.map((j) => j.id)).toContain(a.job!.id);
    const done = await waitForJob(admin.token, a.job!.id);
    expect(done.status).toBe("succeeded");
    expect(done.succeeded).toBe(6);
    const db = await getDb();
    expect(await db.select().from(stageDeployments).where(eq(stageDeployments.jobId, a.job!.id))).toHaveLength(6);
  }, 120_000);

  it("resumes a job left running by a console that stopped, without deploying twice", async () => {
    const ids = [await restApi("G")];
    const gw = await world(ids, new Set([`${ids[0]}/prod`, `${ids[0]}/dev`]));
    const db = await getDb();
    const [job] = await db
      .insert(redeployJobs)
      .values({ accountId: ACCOUNT, region: REGION, status: "running", requestedBy: "gone", leaseOwner: "other-host:1:dead", leaseExpiresAt: new Date(Date.now() - 1000) })
      .returning();
    const [interrupted, pending] = await db
      .insert(redeployItems)
      .values([
        { jobId: job!.id, gatewayId: gw.id, restApiId: ids[0]!, apiName: "Api G", stage: "prod", position: 1, status: "running", attempts: 1, requestedBy: "gone" },
        { jobId: job!.id, gatewayId: gw.id, restApiId: ids[0]!, apiName: "Api G", stage: "dev", position: 2, requestedBy: "gone" },
      ])
      .returning();
    // The stopped console's CreateDeployment had reached AWS before it stopped.
    const made = await api.send(new CreateDeploymentCommand({ restApiId: ids[0], stageName: "prod", description: `Gatehouse redeploy (gatehouse:${interrupted!.id})` }));
    const countBefore = await deploymentCount(ids[0]!);

    await resumeRedeployQueues(db);
    await kickWorker(ACCOUNT, REGION);

    const items = await db.select().from(redeployItems).where(eq(redeployItems.jobId, job!.id));
    expect(items.find((i) => i.id === interrupted!.id)).toMatchObject({ status: "succeeded", awsDeploymentId: made.id });
    expect(items.find((i) => i.id === pending!.id)?.status).toBe("succeeded");
    expect(await deploymentCount(ids[0]!)).toBe(countBefore + 1);
    const [finished] = await db.select().from(redeployJobs).where(eq(redeployJobs.id, job!.id));
    expect(finished?.status).toBe("succeeded");
  }, 120_000);
});
