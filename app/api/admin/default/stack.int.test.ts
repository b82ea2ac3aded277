import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DeleteStackCommand, DescribeStacksCommand, CloudFormationClient, type StackEvent } from "@aws-sdk/client-cloudformation";
import { GetFunctionCommand, GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsClients, resetAwsClients } from "@/lib/aws/clients";
import { resetAccountCache } from "@/lib/aws/identity";
import { authorizerPackage, authorizerVersion } from "@/lib/aws/package";
import { GONE_REASON } from "@/lib/aws/stack/gone";
import { ENV_BY_PARAMETER } from "@/lib/aws/stack/parameters";
import { putStackRecord, type NewStackRecord } from "@/lib/aws/stack/record";
import { MIN_POLL_MS, needsPoll, refreshStack } from "@/lib/aws/stack/refresh";
import { stackView, type StackView } from "@/lib/aws/stack/view";
import type { StackState } from "@/lib/aws/stack/state";
import { authorizerTemplate } from "@/lib/aws/template";
import { getDb, type Db } from "@/lib/db/client";
import { auditEvents, gateways } from "@/lib/db/schema";
import { revealClient, rotateClientSecret } from "@/lib/gateways/client";
import { createGateway } from "@/lib/gateways/gateways";
import { authorizerSteps } from "@/components/gateways/quickstart-steps";
import { call, userWithToken } from "@/test/api-client";
import { mockSend } from "@/test/aws/mock-send";
import { motoEnv, startMoto, type Moto } from "@/test/moto/start";
import * as quickCreateRoute from "./gateways/[gw]/stack/quick-create/route";
import * as packageRoute from "./gateways/[gw]/stack/package/route";
import * as stackRoute from "./gateways/[gw]/stack/route";
import * as templateRoute from "./gateways/[gw]/stack/template/route";
import * as identityRoute from "./aws/identity/route";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
let moto: Moto;
const saved = { ...process.env };
const clients = () => ({
  lambda: new LambdaClient({ region: REGION }),
  s3: new S3Client({ region: REGION, forcePathStyle: true }),
  cfn: new CloudFormationClient({ region: REGION }),
});

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, motoEnv(moto.endpoint, REGION));
  resetAwsClients();
  resetAccountCache();
}, 60_000);

afterAll(async () => {
  resetAwsClients();
  await moto?.stop();
  process.env = saved;
});

async function gateway(name: string) {
  const db = await getDb();
  const admin = await userWithToken("admin");
  const gw = await createGateway(db, { userId: admin.id, username: admin.username }, { name, type: "aws", region: REGION, settings: { LOGGING_LEVEL: "warn" } });
  return { admin, gw, db };
}

/** The record of a stack the console launched, written directly (what AWS answers is mocked by the test). */
function launchedStackRecord(db: Db, gatewayId: string, stackName: string, status: NewStackRecord["status"]) {
  return putStackRecord(db, {
    gatewayId, stackName, stackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${stackName}/1`,
    region: REGION, accountId: ACCOUNT, status, operation: "launch", operationSeq: 1, artifactsBucket: "b", codeKey: "k",
    templateKey: "t", templateSha256: "s", authorizerVersion: "1", parameters: {}, resourceCount: 7,
  });
}

const stackPath = (gw: string) => `/api/admin/default/gateways/${gw}/stack`;

async function env(functionName: string): Promise<Record<string, string>> {
  const conf = await clients().lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  // moto reports numbers as numbers; Lambda's environment is strings.
  return Object.fromEntries(Object.entries(conf.Environment?.Variables ?? {}).map(([k, v]) => [k, String(v)]));
}

describe("authorizer stack lifecycle on moto (real template, real zip)", () => {
  it("shows who the console acts as", async () => {
    const { admin } = await gateway(`whoami-${Date.now()}`);
    const res = await call(identityRoute.GET, { token: admin.token, path: "/api/admin/default/aws/identity" });
    expect(res.body).toMatchObject({ ok: true, account: ACCOUNT, endpoint: moto.endpoint });
  });

  it("launches to CREATE_COMPLETE with the environment equal to the parameters, updates, and deletes", async () => {
    const { admin, gw, db } = await gateway(`Pet Store ${Date.now()}`);
    const params = { gw: gw.id };

    // No IAM acknowledgement: refused before anything happens in AWS.
    const refused = await call(stackRoute.POST, { method: "POST", token: admin.token, params, body: { stack_name: "x-stack" } });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toMatch(/acknowledge_iam/);

    const launched = await call(stackRoute.POST, { method: "POST", token: admin.token, params, body: { acknowledge_iam: true, settings: { AWS_INJECT_CONTEXT: true } } });
    expect(launched.status).toBe(202);
    const view = launched.body as StackView;
    expect(view.stack_name).toMatch(/^gatehouse-authorizer-pet-store-\d+$/);
    expect(JSON.stringify(view)).not.toContain(gw.client.client_secret);

    const state = (await call(stackRoute.GET, { token: admin.token, params, path: `${stackPath(gw.id)}?refresh=1` })).body as StackState;
    const stack = state.stack!;
    expect(stack.status).toBe("CREATE_COMPLETE");
    expect(stack.progress).toMatchObject({ percent: 100, total: authorizerTemplate().resources.length });
    expect(stack.outputs.FunctionName).toBeTruthy();
    expect(stack.events.map((e) => e.status)).toContain("CREATE_COMPLETE");

    // Artifacts: the real zip and template under their content hashes in the per-account-and-region bucket.
    const pkg = await authorizerPackage();
    const bucket = `gatehouse-artifacts-${ACCOUNT}-${REGION}`;
    expect(stack.artifacts).toMatchObject({ bucket, code_key: `authorizer/${pkg.sha256}.zip`, template_key: `templates/${authorizerTemplate().sha256}.yaml` });
    const zip = await clients().s3.send(new GetObjectCommand({ Bucket: bucket, Key: `authorizer/${pkg.sha256}.zip` }));
    expect(createHash("sha256").update(await zip.Body!.transformToByteArray()).digest("hex")).toBe(pkg.sha256);

    // The function's environment is exactly the stack's parameters.
    const secret = (await revealClient(db, { userId: admin.id, username: admin.username }, gw.id)).client_secret;
    const expected: Record<string, string> = {};
    for (const [param, name] of Object.entries(ENV_BY_PARAMETER)) expected[name] = param === "ClientSecret" ? secret : stack.parameters[param]!;
    expect(await env(stack.outputs.FunctionName!)).toEqual(expected);
    expect(expected).toMatchObject({ ACP_CLIENT_ID: gw.client_id, ACP_ISSUER_URL: gw.issuer_url, LOGGING_LEVEL: "warn", AWS_INJECT_CONTEXT: "true" });
    const fn = await clients().lambda.send(new GetFunctionConfigurationCommand({ FunctionName: stack.outputs.FunctionName }));
    expect(fn).toMatchObject({ Runtime: "nodejs22.x", Handler: "index.handler" });
    expect(Buffer.from(fn.CodeSha256 ?? "", "base64").toString("hex")).toBe(pkg.sha256);

    // A second launch while the stack exists is refused.
    const twice = await call(stackRoute.POST, { method: "POST", token: admin.token, params, body: { acknowledge_iam: true } });
    expect(twice.status).toBe(409);

    // Update: new settings; the secret is kept (UsePreviousValue).
    const updated = await call(stackRoute.PUT, { method: "PUT", token: admin.token, params, body: { settings: { LOGGING_LEVEL: "debug" }, version: stack.version } });
    expect(updated.status).toBe(202);
    const afterUpdate = ((await call(stackRoute.GET, { token: admin.token, params, path: `${stackPath(gw.id)}?refresh=1` })).body as StackState).stack!;
    expect(afterUpdate).toMatchObject({ status: "UPDATE_COMPLETE", operation: "update", secret_current: true });
    expect(await env(stack.outputs.FunctionName!)).toEqual({ ...expected, LOGGING_LEVEL: "debug" });
    const same = await call(stackRoute.PUT, { method: "PUT", token: admin.token, params, body: { settings: { LOGGING_LEVEL: "debug" } } });
    expect(same.status).toBe(409);

    // A rotated client secret is passed on the next update.
    const rotated = await rotateClientSecret(db, { userId: admin.id, username: admin.username }, gw.id);
    const stale = ((await call(stackRoute.GET, { token: admin.token, params })).body as StackState).stack!;
    expect(stale.secret_current).toBe(false);
    expect((await call(stackRoute.PUT, { method: "PUT", token: admin.token, params, body: {} })).status).toBe(202);
    expect((await env(stack.outputs.FunctionName!)).ACP_CLIENT_SECRET).toBe(rotated.client_secret);

    // Delete, with the stack's name as confirmation.
    const wrong = await call(stackRoute.DELETE, { method: "DELETE", token: admin.token, params, body: { confirm_stack_name: "nope" } });
    expect(wrong.status).toBe(422);
    const deleted = await call(stackRoute.DELETE, { method: "DELETE", token: admin.token, params, body: { confirm_stack_name: stack.stack_name } });
    expect(deleted.status).toBe(202);
    const gone = ((await call(stackRoute.GET, { token: admin.token, params, path: `${stackPath(gw.id)}?refresh=1` })).body as StackState).stack!;
    expect(gone).toMatchObject({ status: "DELETE_COMPLETE", phase: "deleted", operation: "delete" });
    await expect(clients().lambda.send(new GetFunctionCommand({ FunctionName: stack.outputs.FunctionName }))).rejects.toThrow();

    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.targetId, gw.id))).map((a) => a.action);
    expect(actions.filter((a) => a.startsWith("stack."))).toEqual(["stack.launch", "stack.update", "stack.update", "stack.delete"]);
    expect(JSON.stringify(await db.select().from(auditEvents).where(eq(auditEvents.targetType, "stack")))).not.toContain(secret);

    // After a delete the gateway can launch again.
    const relaunch = await call(stackRoute.POST, { method: "POST", token: admin.token, params, body: { acknowledge_iam: true, stack_name: `${stack.stack_name}-2` } });
    expect(relaunch.status).toBe(202);
    const described = await clients().cfn.send(new DescribeStacksCommand({ StackName: `${stack.stack_name}-2` }));
    expect(described.Stacks?.[0]?.StackStatus).toBe("CREATE_COMPLETE");
  }, 180_000);

  it("a stack deleted in AWS behind the console's back: the record says gone, update is refused clearly, relaunch works", async () => {
    const { admin, gw, db } = await gateway(`Deleted Outside ${Date.now()}`);
    const params = { gw: gw.id };
    const launched = await call(stackRoute.POST, { method: "POST", token: admin.token, params, body: { acknowledge_iam: true } });
    expect(launched.status).toBe(202);
    const first = ((await call(stackRoute.GET, { token: admin.token, params, path: `${stackPath(gw.id)}?refresh=1` })).body as StackState).stack!;
    expect(first).toMatchObject({ status: "CREATE_COMPLETE", can_update: true });
    await db.update(gateways).set({ lastActiveAt: new Date() }).where(eq(gateways.id, gw.id)); // the authorizer had connected
    expect(authorizerSteps(first, new Date().toISOString())).toMatchObject({ deploy: "done", connects: "done" });

    // Someone deletes the stack in AWS directly, not through the console.
    await clients().cfn.send(new DeleteStackCommand({ StackName: first.stack_id }));

    // An update based on the old record: a 409 that says the stack is gone, not AWS's refusal.
    const update = await call(stackRoute.PUT, { method: "PUT", token: admin.token, params, body: { settings: { LOGGING_LEVEL: "debug" }, version: first.version } });
    expect(update.status).toBe(409);
    const error = (update.body as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("stack_gone");
    expect(error.message).toMatch(/no longer exists in AWS/);
    expect(error.message).not.toMatch(/cannot be updated in state/);

    // A plain read (no ?refresh) re-reads a settled stack once MIN_POLL_MS passed.
    await new Promise((r) => setTimeout(r, MIN_POLL_MS + 100));
    const state = (await call(stackRoute.GET, { token: admin.token, params })).body as StackState;
    expect(state.stack).toMatchObject({ status: "DELETE_COMPLETE", phase: "deleted", status_reason: GONE_REASON, can_update: false, operation: "delete" });
    expect(state.stack!.version).toBeGreaterThan(first.version);
    expect(authorizerSteps(state.stack, new Date().toISOString())).toEqual({ deploy: "waiting", connects: "waiting", stackGone: true });
    const deleteAgain = await call(stackRoute.DELETE, { method: "DELETE", token: admin.token, params, body: { confirm_stack_name: first.stack_name } });
    expect(deleteAgain.status).toBe(409);

    // Launch is offered again, under the same name.
    const relaunch = await call(stackRoute.POST, { method: "POST", token: admin.token, params, body: { acknowledge_iam: true, stack_name: first.stack_name } });
    expect(relaunch.status).toBe(202);
    const again = ((await call(stackRoute.GET, { token: admin.token, params, path: `${stackPath(gw.id)}?refresh=1` })).body as StackState).stack!;
    expect(again).toMatchObject({ status: "CREATE_COMPLETE", phase: "complete", operation: "launch", can_update: true });
    expect(again.stack_id).not.toBe(first.stack_id);
  }, 180_000);

  it("a stack AWS no longer knows at all (DescribeStacks: does not exist) is gone too; a settled one is re-read at most every MIN_POLL_MS", async () => {
    const { gw, db } = await gateway(`unknown-${Date.now()}`);
    const record = await launchedStackRecord(db, gw.id, "gatehouse-authorizer-x", "CREATE_COMPLETE");
    const cfn = new CloudFormationClient({ region: REGION });
    const send = mockSend(cfn, () =>
      Promise.reject(Object.assign(new Error(`Stack with id ${record.stackId} does not exist`), { name: "ValidationError" })),
    );
    const gone = await refreshStack(db, record, { cfn });
    expect(gone).toMatchObject({ status: "DELETE_COMPLETE", statusReason: GONE_REASON, operation: "delete", operationSeq: 2, version: record.version + 1 });
    const calls = send.mock.calls.length;
    // Deleted is final: later reads do not ask AWS again.
    await refreshStack(db, gone, { cfn });
    expect(send.mock.calls.length).toBe(calls);
    expect((await stackView(db, gone, null)).progress).toMatchObject({ percent: 100 });

    // A settled stack that exists is read again once MIN_POLL_MS passed (it may change outside the console).
    const now = Date.now();
    const settled = { ...record, lastPolledAt: new Date(now) };
    expect(needsPoll(settled, now + MIN_POLL_MS - 1)).toBe(false);
    expect(needsPoll(settled, now + MIN_POLL_MS)).toBe(true);
    expect(needsPoll({ ...gone, lastPolledAt: new Date(now) }, now + 3_600_000)).toBe(false);
  });

  it("offers a quick-create link without the secret, and downloads of the template and the zip", async () => {
    const { admin, gw } = await gateway(`links-${Date.now()}`);
    const params = { gw: gw.id };
    const link = await call(quickCreateRoute.POST, { method: "POST", token: admin.token, params, body: {} });
    expect(link.status).toBe(200);
    const audited = await (await getDb()).select().from(auditEvents).where(eq(auditEvents.targetId, gw.id));
    expect(audited.find((a) => a.action === "stack.quick_create")).toMatchObject({ actorName: admin.username, targetType: "stack" });
    const body = link.body as { url: string; template_url: string; not_prefilled: string[] };
    expect(body.not_prefilled).toEqual(["ClientSecret"]);
    expect(body.url).toContain(`param_ClientId=${gw.client_id}`);
    expect(body.url).not.toContain("param_ClientSecret");
    expect(body.template_url).toBe(`${moto.endpoint}/gatehouse-artifacts-${ACCOUNT}-${REGION}/templates/${authorizerTemplate().sha256}.yaml`);
    const key = body.template_url.slice(`${moto.endpoint}/gatehouse-artifacts-${ACCOUNT}-${REGION}/`.length);
    const tpl = await clients().s3.send(new GetObjectCommand({ Bucket: `gatehouse-artifacts-${ACCOUNT}-${REGION}`, Key: key }));
    expect(await tpl.Body!.transformToString()).toBe(authorizerTemplate().body);

    const t = await call(templateRoute.GET, { token: admin.token, params });
    expect(t.status).toBe(200);
    expect(t.headers.get("content-disposition")).toMatch(/attachment; filename="gatehouse-authorizer.yaml"/);
    const z = await packageRoute.GET(new Request(`http://localhost:3999/api/admin/default/gateways/${gw.id}/stack/package`, { headers: { authorization: `Bearer ${admin.token}` } }), { params: Promise.resolve(params) });
    expect(z.status).toBe(200);
    const bytes = new Uint8Array(await z.arrayBuffer());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe((await authorizerPackage()).sha256);
  }, 120_000);

  it("serves the zip `npm run build` wrote (dist/ and its .sha256), byte for byte", async () => {
    const { admin, gw } = await gateway(`artifact-${Date.now()}`);
    const params = { gw: gw.id };
    const version = authorizerVersion();
    const built = readFileSync(path.join(process.cwd(), "dist", `authorizer-${version}.zip`));
    const recorded = readFileSync(path.join(process.cwd(), "dist", `authorizer-${version}.zip.sha256`), "utf8").split(" ")[0];
    const z = await packageRoute.GET(new Request(`http://localhost:3999${stackPath(gw.id)}/package`, { headers: { authorization: `Bearer ${admin.token}` } }), { params: Promise.resolve(params) });
    expect(z.status).toBe(200);
    expect(z.headers.get("content-disposition")).toBe(`attachment; filename="authorizer-${version}.zip"`);
    const bytes = Buffer.from(await z.arrayBuffer());
    expect(bytes.equals(built)).toBe(true);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(recorded);
    expect(z.headers.get("etag")).toBe(`"${recorded}"`);
  });

  it("without the built package, Launch stack and the download answer 503 saying to run npm run build; the panel still shows", async () => {
    const { admin, gw } = await gateway(`unbuilt-${Date.now()}`);
    const params = { gw: gw.id };
    // A console folder that was never built: package.json, no dist/.
    const here = process.cwd();
    const unbuilt = mkdtempSync(path.join(os.tmpdir(), "gatehouse-unbuilt-"));
    copyFileSync(path.join(here, "package.json"), path.join(unbuilt, "package.json"));
    process.chdir(unbuilt);
    try {
      const launched = await call(stackRoute.POST, { method: "POST", token: admin.token, params, body: { acknowledge_iam: true } });
      expect(launched.status).toBe(503);
      expect(launched.body).toMatchObject({ error: { code: "authorizer_package_missing" } });
      expect((launched.body as { error: { message: string } }).error.message).toMatch(/dist\/authorizer-.*\.zip.*missing.*Run `npm run build`/);
      const z = await packageRoute.GET(new Request(`http://localhost:3999${stackPath(gw.id)}/package`, { headers: { authorization: `Bearer ${admin.token}` } }), { params: Promise.resolve(params) });
      expect(z.status).toBe(503);
      expect(await z.json()).toMatchObject({ error: { code: "authorizer_package_missing" } });
      const state = await call(stackRoute.GET, { token: admin.token, params });
      expect(state.status).toBe(200);
      expect(state.body).toMatchObject({ stack: null, launch: { authorizer_version: authorizerVersion(here) } });
    } finally {
      process.chdir(here);
      rmSync(unbuilt, { recursive: true, force: true });
    }
  });

  it("a stack AWS rejects shows its reason and what to do (moto: code bucket missing)", async () => {
    const { admin, gw } = await gateway(`rejected-${Date.now()}`);
    // The artifacts bucket "exists" for the console but not for CloudFormation: the zip is missing.
    const s3 = awsClients(REGION).s3;
    const realSend = s3.send.bind(s3) as (c: unknown) => Promise<unknown>;
    mockSend(s3, (cmd) => {
      const name = (cmd as object).constructor.name;
      if (name === "HeadBucketCommand" || name === "HeadObjectCommand") return Promise.resolve({});
      return realSend(cmd);
    });
    try {
      const db = await getDb();
      const { updateAwsSettings } = await import("@/lib/aws/settings");
      await updateAwsSettings(db, { artifacts_bucket: "no-such-bucket-{region}" }, { userId: null, username: "test" });
      const res = await call(stackRoute.POST, { method: "POST", token: admin.token, params: { gw: gw.id }, body: { acknowledge_iam: true } });
      expect(res.status).toBe(422);
      const error = (res.body as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("stack_rejected");
      expect(error.message).toMatch(/NoSuchBucket/);
      expect(error.message).toMatch(/re-uploads/);
      await updateAwsSettings(db, { artifacts_bucket: null }, { userId: null, username: "test" });
    } finally {
      resetAwsClients();
    }
  }, 120_000);

  it("a stack that fails and rolls back shows the failing resource, its reason and what to do", async () => {
    const { gw, db } = await gateway(`rollback-${Date.now()}`);
    const record = await launchedStackRecord(db, gw.id, "gatehouse-authorizer-rb", "CREATE_IN_PROGRESS");
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const events: StackEvent[] = [
      { EventId: "5", StackId: record.stackId, StackName: record.stackName, LogicalResourceId: record.stackName, ResourceType: "AWS::CloudFormation::Stack", ResourceStatus: "ROLLBACK_COMPLETE", Timestamp: at(5) },
      { EventId: "4", StackId: record.stackId, StackName: record.stackName, LogicalResourceId: record.stackName, ResourceType: "AWS::CloudFormation::Stack", ResourceStatus: "ROLLBACK_IN_PROGRESS", ResourceStatusReason: "The following resource(s) failed to create: [LambdaFunction].", Timestamp: at(4) },
      { EventId: "3", StackId: record.stackId, StackName: record.stackName, LogicalResourceId: "LambdaFunction", ResourceType: "AWS::Lambda::Function", ResourceStatus: "CREATE_FAILED", ResourceStatusReason: "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.", Timestamp: at(3) },
      { EventId: "2", StackId: record.stackId, StackName: record.stackName, LogicalResourceId: "LambdaExecutionRole", ResourceType: "AWS::IAM::Role", ResourceStatus: "CREATE_COMPLETE", Timestamp: at(2) },
      { EventId: "1", StackId: record.stackId, StackName: record.stackName, LogicalResourceId: record.stackName, ResourceType: "AWS::CloudFormation::Stack", ResourceStatus: "CREATE_IN_PROGRESS", ResourceStatusReason: "User Initiated", Timestamp: at(1) },
    ];
    const cfn = new CloudFormationClient({ region: REGION });
    mockSend(cfn, (cmd) => {
      const name = (cmd as object).constructor.name;
      if (name === "DescribeStacksCommand") return Promise.resolve({ Stacks: [{ StackName: record.stackName, StackId: record.stackId, StackStatus: "ROLLBACK_COMPLETE", CreationTime: at(1) }] });
      if (name === "DescribeStackEventsCommand") return Promise.resolve({ StackEvents: events });
      return Promise.resolve({ StackResourceSummaries: [] });
    });
    const fresh = await refreshStack(db, record, { force: true, cfn });
    const view = await stackView(db, fresh, null);
    expect(view.phase).toBe("failed");
    expect(view.can_update).toBe(false);
    expect(view.failure).toMatchObject({ logicalResourceId: "LambdaFunction", resourceType: "AWS::Lambda::Function" });
    expect(view.failure?.reason).toMatch(/NoSuchKey/);
    expect(view.failure?.advice).toMatch(/delete it, then launch it again/);
    expect(view.progress).toMatchObject({ done: 1, total: 7 });
    // Polling again stores nothing twice.
    await refreshStack(db, fresh, { force: true, cfn });
    expect((await stackView(db, fresh, null)).events).toHaveLength(5);
  });
});
