import { startConsoleServer, type ConsoleServer } from "@/test/console-server";
import { freePort, motoEnv, startMoto, type Moto } from "@/test/moto/start";
import { startSandbox, type Sandbox } from "@/sandbox/server";
import { resetAwsClients } from "@/lib/aws/clients";
import { accountFor, resetAccountCache } from "@/lib/aws/identity";
import { authorizerPackage } from "@/lib/aws/package";
import { scaledClock, type Clock } from "@/protocol/clock";
import { limitsFor, resetLimits } from "@/lib/aws/redeploy/limits";
import { configureRedeployWorker, resetRedeployWorker } from "@/lib/aws/redeploy/worker";
import { getDb, type Db } from "@/lib/db/client";
import { configureEnforcementRefresh } from "@/lib/enforcement/aws/refresh";

/**
 * The real pieces the enforcement model runs against, started once per test file:
 * moto (with Lambda Invoke forwarded to the sandbox), the sandbox data plane running the
 * authorizer's real zip, the console's system routes over HTTP (what the authorizers call),
 * and the console's lib/ on the test file's database — with API Gateway's pacing on a scaled clock.
 */
export const REGION = "us-east-1";
/** API Gateway's quotas (5 s between deployments, …) run this many times faster than the wall clock. */
export const CLOCK_FACTOR = 50;

export interface Infra {
  moto: Moto;
  sandbox: Sandbox;
  console: ConsoleServer;
  db: Db;
  clock: Clock;
  account: string;
  /** The sandbox's log (functions' output and data-plane errors), newest last, bounded. */
  sandboxLog: string[];
  stop(): Promise<void>;
}

export async function startInfra(): Promise<Infra> {
  const saved = { ...process.env };
  const sandboxPort = await freePort();
  const moto = await startMoto({ sandboxUrl: `http://127.0.0.1:${sandboxPort}` });
  Object.assign(process.env, motoEnv(moto.endpoint, REGION));
  resetAwsClients();
  resetAccountCache();
  const sandboxLog: string[] = [];
  const sandbox = await startSandbox({
    awsEndpoint: moto.endpoint,
    region: REGION,
    port: sandboxPort,
    scheduleIntervalMs: 0, // scheduled runs happen when the model says so
    log: (line) => {
      sandboxLog.push(line);
      if (sandboxLog.length > 400) sandboxLog.shift();
    },
  });
  const console_ = await startConsoleServer();
  const db = await getDb();
  const account = await accountFor(REGION);

  // The limits are created once per account+region and keep the clock they were created with.
  const clock = scaledClock(CLOCK_FACTOR);
  resetLimits();
  limitsFor(account, REGION, clock);
  resetRedeployWorker();
  configureRedeployWorker({ clock, jitter: () => 0, readyWaitMs: 30_000 });
  configureEnforcementRefresh({ options: () => ({ clock, maxAttempts: 3 }) });
  // Read (and check against its .sha256) the zip the run's global setup built, as `npm run build`
  // does: every launch uploads these same bytes.
  await authorizerPackage();

  return {
    moto,
    sandbox,
    console: console_,
    db,
    clock,
    account,
    sandboxLog,
    stop: async () => {
      resetRedeployWorker();
      await sandbox.stop();
      await console_.close();
      resetAwsClients();
      await moto.stop();
      process.env = saved;
    },
  };
}

/** Forgets everything moto holds (REST APIs, stacks, functions, buckets). */
export async function resetMoto(moto: Moto): Promise<void> {
  const res = await fetch(`${moto.endpoint}/moto-api/reset`, { method: "POST" });
  if (!res.ok) throw new Error(`moto reset: ${res.status}`);
}
