import "server-only";
import {
  CreateDeploymentCommand,
  GetDeploymentsCommand,
  GetStageCommand,
  type APIGatewayClient,
} from "@aws-sdk/client-api-gateway";
import { describeAwsError } from "../errors";
import type { Clock } from "../../../protocol/clock";
import type { RegionLimits } from "./limits";

/**
 * One stage's deployment within AWS's rules: the stage is checked first (CreateDeployment with a
 * missing stage would create it), then CreateDeployment in its 5-second slot. Throttling
 * (TooManyRequestsException) is retried after AWS's retryAfterSeconds plus jitter, transient
 * failures with backoff — a bounded number of times.
 */
export interface StageTarget {
  restApiId: string;
  stage: string;
  /** Written into the deployment's description; lets a restarted worker find a deployment it made. */
  marker: string;
  description: string;
}

export type StageResult =
  | { ok: true; deploymentId: string; attempts: number; throttled: number }
  | { ok: false; error: string; attempts: number; throttled: number };

export interface DeployOptions {
  clock: Clock;
  maxAttempts?: number;
  /** Extra wait added to AWS's retryAfterSeconds, in ms (randomised so retries do not align). */
  jitter?: () => number;
  onAttempt?: (attempt: number) => void;
}

export const MAX_ATTEMPTS = 8;
const TRANSIENT_BACKOFF_MS = 1000;

const defaultJitter = () => Math.floor(Math.random() * 500);

function isThrottle(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "TooManyRequestsException" || e.$metadata?.httpStatusCode === 429;
}

function retryAfterMs(err: unknown, fallbackMs: number): number {
  const raw = (err as { retryAfterSeconds?: string | number }).retryAfterSeconds;
  const seconds = typeof raw === "number" ? raw : Number.parseFloat(raw ?? "");
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : fallbackMs;
}

function isTransient(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (status !== undefined && status >= 500) || describeAwsError(err).kind === "unreachable";
}

/** A general-quota call with the same throttling discipline. */
export async function generalCall<T>(limits: RegionLimits, opts: DeployOptions, call: () => Promise<T>, bucket: "general" | "resources" = "general"): Promise<T> {
  const max = opts.maxAttempts ?? MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    await limits[bucket].take();
    try {
      return await call();
    } catch (err) {
      if (attempt >= max || !(isThrottle(err) || isTransient(err))) throw err;
      const wait = isThrottle(err) ? retryAfterMs(err, 1000) + (opts.jitter ?? defaultJitter)() : TRANSIENT_BACKOFF_MS * attempt;
      if (isThrottle(err)) limits[bucket].drain(wait);
      await opts.clock.sleep(wait);
    }
  }
}

export async function deployStage(api: APIGatewayClient, limits: RegionLimits, target: StageTarget, opts: DeployOptions): Promise<StageResult> {
  const max = opts.maxAttempts ?? MAX_ATTEMPTS;
  const jitter = opts.jitter ?? defaultJitter;
  let throttled = 0;
  try {
    await generalCall(limits, opts, () => api.send(new GetStageCommand({ restApiId: target.restApiId, stageName: target.stage })));
  } catch (err) {
    const f = describeAwsError(err);
    const error =
      f.kind === "not_found"
        ? `The stage ${target.stage} of REST API ${target.restApiId} no longer exists in AWS (deleted?); nothing was deployed.`
        : `Could not read the stage: ${f.code}: ${f.message}`;
    return { ok: false, error, attempts: 0, throttled };
  }
  for (let attempt = 1; attempt <= max; attempt++) {
    opts.onAttempt?.(attempt);
    try {
      const out = await limits.deployments.run(() =>
        api.send(new CreateDeploymentCommand({ restApiId: target.restApiId, stageName: target.stage, description: target.description })),
      );
      return { ok: true, deploymentId: out.id ?? "", attempts: attempt, throttled };
    } catch (err) {
      if (isThrottle(err)) {
        throttled++;
        if (attempt < max) {
          limits.deployments.reschedule(retryAfterMs(err, 5000) + jitter());
          continue;
        }
      } else if (isTransient(err) && attempt < max) {
        limits.deployments.holdFor(TRANSIENT_BACKOFF_MS * attempt);
        continue;
      }
      const f = describeAwsError(err);
      const error = isThrottle(err)
        ? `AWS kept throttling CreateDeployment after ${attempt} attempts; run Redeploy again later.`
        : `CreateDeployment failed: ${f.code}: ${f.message}`;
      return { ok: false, error, attempts: attempt, throttled };
    }
  }
  return { ok: false, error: "No attempt was made.", attempts: 0, throttled };
}

/** After a restart: the deployment an interrupted attempt may have made, found by its marker. */
export async function findMarkedDeployment(api: APIGatewayClient, limits: RegionLimits, target: StageTarget, opts: DeployOptions): Promise<string | null> {
  let position: string | undefined;
  for (let page = 0; page < 10; page++) {
    const out = await generalCall(limits, opts, () => api.send(new GetDeploymentsCommand({ restApiId: target.restApiId, limit: 500, position })));
    const hit = (out.items ?? []).find((d) => d.description?.includes(target.marker));
    if (hit?.id) return hit.id;
    position = out.position;
    if (!position) return null;
  }
  return null;
}
