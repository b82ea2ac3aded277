/**
 * `npm run bench:redeploy`: redeploys N = 20 stages through the real queue (PGlite database,
 * in-process worker, AWS SDK client) against a local stand-in for API Gateway that enforces AWS's
 * quotas (1 CreateDeployment per 5 s, 429 + retryAfterSeconds beyond it).
 *
 * Time is scaled (BENCH_TIME_SCALE, default 10): the worker and the stand-in share a clock that
 * runs 10× faster than the wall clock, so the ~95 s of AWS time take ~10 s. Every figure below is
 * in AWS (scaled) time.
 *
 * The bench gateway is set up as a launched one: its stack record (written with the console's own
 * putStackRecord) names its authorizer function, and every REST API in the stand-in has its
 * methods attached to that function's authorizer. So each item goes the product's whole way:
 * readiness read (GetResources + GetAuthorizers), GetStage, CreateDeployment, verification
 * (GetDeployment apisummary + GetExport), every call within the stand-in's quotas.
 *
 * The figure: total time ÷ the quota floor 5·(N−1) s (aim ≤ 1.05), with 0 throttling errors
 * surfacing. Baselines measured in the same run, same clock and stand-in: a plain loop of
 * CreateDeployment calls, and that loop retrying each 429 after its Retry-After.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { APIGatewayClient, CreateDeploymentCommand } from "@aws-sdk/client-api-gateway";

const N = Number(process.env.BENCH_STAGES ?? 20);
const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 10);
const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:gatehouse-bench-authorizer`;

const dataDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-redeploy-"));
process.env.GATEHOUSE_DATA_DIR = dataDir;
process.env.GATEHOUSE_SECRET_KEY ??= randomBytes(32).toString("base64");
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64");
process.env.ADMIN_PASSWORD ??= "bench-admin-password";
delete process.env.DATABASE_URL;

async function main(): Promise<void> {
  const { scaledClock } = await import("@/protocol/clock");
  const { startStandIn } = await import("./api-gateway-standin");
  const { getDb, closeDb } = await import("@/lib/db/client");
  const { gateways, redeployItems } = await import("@/lib/db/schema");
  const { eq } = await import("drizzle-orm");
  const { putStackRecord } = await import("@/lib/aws/stack/record");
  const { enqueueStages } = await import("@/lib/aws/redeploy/queue");
  const { configureRedeployWorker, kickWorker } = await import("@/lib/aws/redeploy/worker");
  const { getJobView } = await import("@/lib/aws/redeploy/view");
  const { CREATE_DEPLOYMENT_INTERVAL_MS } = await import("@/protocol/api-gateway-quotas");

  const credentials = { accessKeyId: "bench", secretAccessKey: "bench" };
  const client = (endpoint: string, maxAttempts?: number) => new APIGatewayClient({ region: REGION, endpoint, credentials, maxAttempts });

  async function queueRun() {
    const clock = scaledClock(SCALE);
    const standIn = await startStandIn(clock, { functionArn: FUNCTION_ARN });
    const db = await getDb();
    const [gw] = await db
      .insert(gateways)
      .values({ name: `bench-${Date.now()}`, region: REGION, settings: {} as never })
      .returning();
    // What a launch from the Quickstart leaves once AWS reports the stack complete: the record with its outputs.
    const stackName = `gatehouse-bench-${gw!.id.slice(0, 8)}`;
    await putStackRecord(db, {
      gatewayId: gw!.id,
      stackName,
      stackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${stackName}/${gw!.id}`,
      region: REGION,
      accountId: ACCOUNT,
      status: "CREATE_COMPLETE",
      operation: "launch",
      artifactsBucket: "gatehouse-bench-artifacts",
      codeKey: "authorizer/bench.zip",
      templateKey: "authorizer/bench.json",
      templateSha256: "0".repeat(64),
      authorizerVersion: "bench",
      parameters: {},
      resourceCount: 7,
      outputs: { FunctionName: "gatehouse-bench-authorizer", FunctionArn: FUNCTION_ARN },
    });
    const api = client(standIn.endpoint, 1);
    configureRedeployWorker({ clock, apiGateway: () => api, db: getDb, jitter: () => Math.floor(Math.random() * 250) });
    const stages = Array.from({ length: N }, (_, i) => ({
      gatewayId: gw!.id,
      region: REGION,
      restApiId: `api${String(Math.floor(i / 2)).padStart(3, "0")}`,
      apiName: `Api ${Math.floor(i / 2)}`,
      stage: i % 2 === 0 ? "prod" : "dev",
      changes: [{ method: "GET", path: "/pets", policy: "Block API" }],
    }));
    const start = clock.now();
    const { job } = await enqueueStages(db, ACCOUNT, REGION, stages, { userId: null, username: "bench" });
    await kickWorker(ACCOUNT, REGION);
    const totalMs = clock.now() - start;
    const view = await getJobView(db, job.id);
    // What each deployment was checked to publish (the job view does not carry it).
    const verifications = (await db.select({ verification: redeployItems.verification }).from(redeployItems).where(eq(redeployItems.jobId, job.id))).map(
      (r) => r.verification,
    );
    await standIn.stop();
    return { startMs: start, totalMs, view, verifications, standIn };
  }

  /**
   * Baselines on the same clock and stand-in: (a) a plain loop, no pacing, no retries; (b) the same
   * loop retrying each 429 after its retryAfterSeconds (whole seconds, as the header carries them).
   */
  async function loopRun(retry: boolean) {
    const clock = scaledClock(SCALE);
    const standIn = await startStandIn(clock, { functionArn: FUNCTION_ARN });
    const api = client(standIn.endpoint, 1);
    const start = clock.now();
    let errors = 0;
    for (let i = 0; i < N; i++) {
      for (let attempt = 1; ; attempt++) {
        try {
          await api.send(new CreateDeploymentCommand({ restApiId: `api${i}`, stageName: "prod" }));
          break;
        } catch (err) {
          const after = Number((err as { retryAfterSeconds?: string }).retryAfterSeconds ?? 5);
          if (!retry || attempt >= 8) {
            errors++;
            break;
          }
          await clock.sleep(after * 1000);
        }
      }
    }
    const totalMs = clock.now() - start;
    await standIn.stop();
    return { totalMs, errors, deployed: standIn.deployments.length };
  }

  const floorMs = CREATE_DEPLOYMENT_INTERVAL_MS * (N - 1);
  const wallStart = performance.now();
  const queue = await queueRun();
  const plain = await loopRun(false);
  const retrying = await loopRun(true);
  const wallMs = performance.now() - wallStart;

  const gaps = queue.standIn.deployments.slice(1).map((d, i) => d.at - queue.standIn.deployments[i]!.at);
  const figure = queue.totalMs / floorMs;
  console.log(`redeploy benchmark — N = ${N} stages, time scale ×${SCALE} (figures in AWS time; wall clock ${(wallMs / 1000).toFixed(1)} s for both runs)`);
  console.log(`  quota floor 5·(N−1)               ${(floorMs / 1000).toFixed(1)} s`);
  console.log(`  queue: total                      ${(queue.totalMs / 1000).toFixed(2)} s`);
  console.log(`  queue: total ÷ floor (figure)     ${figure.toFixed(3)}   (aim ≤ 1.05)`);
  console.log(`  queue: stages deployed            ${queue.view.succeeded}/${N}, failed ${queue.view.failed}`);
  for (const e of new Set(queue.view.items.map((i) => i.error).filter(Boolean))) console.log(`  queue: item error: ${e}`);
  const verified = queue.verifications.filter((v) => v !== null);
  const unprotected = verified.reduce((n, v) => n + v.unprotected, 0);
  console.log(`  queue: deployments verified       ${verified.length}/${N}, unprotected methods ${unprotected}`);
  console.log(`  queue: calls answered             ${Object.entries(queue.standIn.answered).map(([op, n]) => `${op} ${n}`).join(", ")}`);
  // A throttling error surfaces as an item error naming it (the worker's "kept throttling", or AWS's exception name).
  const throttlingErrors = queue.view.items.filter((i) => i.error && /throttl|TooManyRequests/i.test(i.error)).length;
  console.log(`  queue: throttling errors surfaced ${throttlingErrors}`);
  console.log(`  queue: 429s answered by stand-in  CreateDeployment ${queue.standIn.throttled.createDeployment}, GetResources ${queue.standIn.throttled.getResources}, other ${queue.standIn.throttled.other}`);
  const deployed = queue.standIn.deployments;
  if (deployed.length > 0) {
    // Where the time beyond the floor goes: the reads before the first deployment, the checks after the last.
    const before = deployed[0]!.at - queue.startMs;
    const after = queue.startMs + queue.totalMs - deployed.at(-1)!.at;
    console.log(`  queue: before first / after last  ${(before / 1000).toFixed(2)} s / ${(after / 1000).toFixed(2)} s`);
  }
  console.log(`  queue: gap between deployments    min ${(Math.min(...gaps) / 1000).toFixed(2)} s, max ${(Math.max(...gaps) / 1000).toFixed(2)} s`);
  console.log(`  baseline: plain loop               ${(plain.totalMs / 1000).toFixed(2)} s, deployed ${plain.deployed}/${N}, throttling errors surfaced ${plain.errors}`);
  console.log(`  baseline: loop + retry-after       ${(retrying.totalMs / 1000).toFixed(2)} s (÷ floor ${(retrying.totalMs / floorMs).toFixed(3)}), deployed ${retrying.deployed}/${N}, errors ${retrying.errors}`);

  await closeDb();
  rmSync(dataDir, { recursive: true, force: true });
  const ok = queue.view.succeeded === N && queue.view.failed === 0 && verified.length === N && unprotected === 0 && throttlingErrors === 0 && figure <= 1.05;
  if (!ok) {
    console.error("redeploy benchmark: target missed");
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
