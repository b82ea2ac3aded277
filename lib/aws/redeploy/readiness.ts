import type { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import type { DeploymentVerification, StageMethodState } from "../../db/schema";
import { readAttachedMethods, readDeployedAuthorizers, readDeployedSummary } from "../../enforcement/aws/read-stage";
import { isAuthorizerOf } from "../../../protocol/authorizer-uri";
import type { GatewayFunction } from "../authorizer-function";
import { describeAwsError } from "../errors";
import type { DeployOptions } from "./deploy-stage";
import type { RegionLimits } from "./limits";

/**
 * A redeploy never ships a stage whose connected methods are not attached: API Gateway publishes
 * whatever the methods say at CreateDeployment, so a deployment made before the authorizer
 * attached itself would publish the API open. Before deploying, every non-OPTIONS method must be
 * CUSTOM with this gateway's authorizer (by URI); missing ones are attached by asking the
 * authorizer to sync now, within a bounded wait. After deploying, the deployment's own summary
 * says what was really published.
 */
export const READY_WAIT_MS = 30_000;
const READY_POLL_MS = 2000;

type Method = Omit<StageMethodState, "deployedAuthorizationType">;

/** Ready: the stage's connected methods, every one attached to this gateway's authorizer. */
export type Readiness = { ok: true; fn: GatewayFunction; methods: Method[] } | { ok: false; reason: string };

function list(methods: Method[], max = 4): string {
  const shown = methods.slice(0, max).map((m) => `${m.method} ${m.path}`).join(", ");
  return methods.length > max ? `${shown} and ${methods.length - max} more` : shown;
}

export interface ReadinessDeps {
  api: APIGatewayClient;
  limits: RegionLimits;
  opts: DeployOptions;
  /** Asks the authorizer to sync now (invokes its function with the scheduled event). */
  sync: (fn: GatewayFunction) => Promise<unknown>;
  waitMs?: number;
}

async function readOurs(deps: ReadinessDeps, restApiId: string, fn: GatewayFunction): Promise<Method[]> {
  return (await readAttachedMethods(deps.api, deps.limits, deps.opts, restApiId, fn.functionArn)).methods;
}

export async function ensureStageReady(deps: ReadinessDeps, restApiId: string, fn: GatewayFunction | null): Promise<Readiness> {
  if (!fn) return { ok: false, reason: "Not ready: this gateway's authorizer function is not known (launch its stack from the Quickstart); nothing was deployed." };
  try {
    let methods = await readOurs(deps, restApiId, fn);
    let synced = false;
    const deadline = deps.opts.clock.now() + (deps.waitMs ?? READY_WAIT_MS);
    for (;;) {
      const foreign = methods.filter((m) => m.attachment === "foreign");
      if (foreign.length > 0) {
        return { ok: false, reason: `Not ready: ${list(foreign)} use another authorizer (another gateway's or tool's), so this gateway cannot protect the stage; nothing was deployed.` };
      }
      const missing = methods.filter((m) => m.attachment === "none");
      if (missing.length === 0) return { ok: true, fn, methods };
      if (!synced) {
        synced = true;
        try {
          await deps.sync(fn);
        } catch (err) {
          return { ok: false, reason: `Not ready: ${list(missing)} are not attached, and the authorizer could not be asked to sync (${(err as Error).message}); nothing was deployed.` };
        }
      } else if (deps.opts.clock.now() >= deadline) {
        return {
          ok: false,
          reason: `Not ready: ${list(missing)} are still not attached to this gateway's authorizer after ${Math.round((deps.waitMs ?? READY_WAIT_MS) / 1000)} s (is the group connected? see the authorizer's log); nothing was deployed.`,
        };
      } else {
        await deps.opts.clock.sleep(READY_POLL_MS);
      }
      methods = await readOurs(deps, restApiId, fn);
    }
  } catch (err) {
    const f = describeAwsError(err);
    return { ok: false, reason: `Not ready: the methods could not be read from AWS (${f.code}: ${f.message}); nothing was deployed.` };
  }
}

/**
 * What a deployment published for the connected methods (GetDeployment with apisummary, and
 * GetExport for whose authorizer): `methods` are the ones the readiness check found attached.
 */
export async function verifyDeployment(
  deps: Pick<ReadinessDeps, "api" | "limits" | "opts">,
  target: { restApiId: string; stage: string },
  deploymentId: string,
  fn: GatewayFunction,
  methods: Method[],
): Promise<DeploymentVerification> {
  const { summary } = await readDeployedSummary(deps.api, deps.limits, deps.opts, target.restApiId, deploymentId);
  const uris = await readDeployedAuthorizers(deps.api, deps.limits, deps.opts, target.restApiId, target.stage);
  const published = methods
    .filter((m) => m.attachment === "ours" || m.attachment === "none")
    .map((m) => {
      const key = `${m.method} ${m.path}`;
      const uri = uris.get(key);
      return { method: m.method, path: m.path, authorizationType: summary.get(key) ?? null, ours: uri ? isAuthorizerOf({ authorizerUri: uri }, fn.functionArn) : false };
    });
  return {
    checkedAt: new Date().toISOString(),
    methods: published.map(({ method, path, authorizationType }) => ({ method, path, authorizationType })),
    unprotected: published.filter((m) => m.authorizationType !== "CUSTOM" || !m.ours).length,
  };
}
