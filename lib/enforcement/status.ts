import type { StageMethodState } from "../db/schema";

/**
 * One API's enforcement status, from three facts read from their sources, each with its age:
 * the method's attachment now (GetResources), what the stage's deployment publishes for it
 * (GetDeployment apisummary), and whether this gateway's authorizer has fetched the
 * configuration that carries the API's current assignment (its own configuration polls).
 * "Enforced" needs all three; an API with a policy whose deployed stage has no authorizer on it
 * is *open at the gateway*, whatever else is true. Pure: the clock is an argument.
 */
export const ENFORCEMENT_STATUSES = [
  "enforced",
  "unrestricted",
  "live_at_next_reload",
  "cached",
  "not_attached",
  "attached_not_deployed",
  "open_at_gateway",
  "not_connected",
  "gone",
  "unknown",
] as const;
export type EnforcementStatusCode = (typeof ENFORCEMENT_STATUSES)[number];


export interface EnforcementStatus {
  code: EnforcementStatusCode;
  reason: string;
  /** When AWS was read for this (null: never). */
  checked_at: string | null;
  /** When the current assignment is live in every warm authorizer container (reload interval after it was fetched). */
  live_at: string | null;
  /** With caching on: until when API Gateway may still answer from answers cached before the change. */
  cached_until: string | null;
}

export interface StatusInput {
  hasPolicy: boolean;
  policyChangedAt: Date | null;
  connected: boolean;
  gone: boolean;
  stage: {
    checkedAt: Date;
    error: string | null;
    methods: StageMethodState[];
    cacheFlushedAt: Date | null;
    authorizerTtlSeconds: number | null;
  } | null;
  method: string;
  path: string;
  /**
   * AWS reported the gateway's stack deleted, and its function with it: no method is protected
   * by this gateway; what the stage deploys is still what requests meet.
   */
  functionDeleted: boolean;
  gateway: {
    configRevision: number;
    configFetchedRevision: number | null;
    configFetchedAt: Date | null;
    reloadIntervalMs: number;
  } | null;
  now: number;
}

/** A fetch this long after a change certainly carried it, even when newer changes followed. */
export const FETCH_RACE_MARGIN_MS = 5000;

const SECURED_ELSEWHERE = new Set(["AWS_IAM", "COGNITO_USER_POOLS"]);

function status(code: EnforcementStatusCode, reason: string, checkedAt: Date | null, extra: Partial<EnforcementStatus> = {}): EnforcementStatus {
  return { code, reason, checked_at: checkedAt?.toISOString() ?? null, live_at: null, cached_until: null, ...extra };
}

/** Whether the authorizer has fetched a configuration that includes a change made at `changedAt`. */
export function fetchedSince(gateway: NonNullable<StatusInput["gateway"]>, changedAt: Date | null): boolean {
  if (!changedAt) return true;
  if (gateway.configFetchedRevision !== null && gateway.configFetchedRevision >= gateway.configRevision) return true;
  return gateway.configFetchedAt !== null && gateway.configFetchedAt.getTime() - changedAt.getTime() > FETCH_RACE_MARGIN_MS;
}

export function enforcementStatus(input: StatusInput): EnforcementStatus {
  if (!input.connected) return status("not_connected", "Its service is not connected to an API group of a gateway.", null);
  if (input.gone) return status("gone", "The authorizer no longer reports this REST API stage (deleted in AWS?).", null);
  const stage = input.stage;
  if (!stage) return status("unknown", "Not read from AWS yet.", null);
  const m = stage.methods.find((x) => x.method === input.method && x.path === input.path);
  if (!m) {
    const why = stage.error ?? `${input.method} ${input.path} is not a method of the REST API in AWS.`;
    return status("unknown", why, stage.checkedAt);
  }
  const checked = stage.checkedAt;
  const stale = stage.error ? ` (last read failed: ${stage.error})` : "";
  const deployed = m.deployedAuthorizationType;
  const attached = m.attachment === "ours";
  const deployedProtected = deployed === "CUSTOM" || (deployed !== null && SECURED_ELSEWHERE.has(deployed));
  const noFunction = input.functionDeleted;
  const noFunctionStatus = () =>
    status(
      "unknown",
      `This gateway's authorizer function no longer exists (its stack was deleted): this gateway applies no policy here, and what protects the method cannot be told. Launch the stack again from the Quickstart.${stale}`,
      checked,
    );
  // The deployed snapshot runs the function of this gateway's deleted stack: API Gateway answers 500 (fail closed).
  if (deployed === "CUSTOM" && m.deployedAuthorizer === "gone") {
    return status(
      "unknown",
      `The deployed stage runs this gateway's authorizer, but its Lambda function no longer exists (its stack was deleted): API Gateway answers 500 to every request and applies no policy. Launch the stack again from the Quickstart, then redeploy.${stale}`,
      checked,
    );
  }
  // The deployed snapshot runs another gateway's (or tool's) authorizer: none of this gateway's policies apply.
  if (deployed === "CUSTOM" && m.deployedAuthorizer === "foreign") {
    if (input.hasPolicy) {
      return status(
        "open_at_gateway",
        `It has a policy, but the deployed stage runs another authorizer on it (another gateway's or tool's), which does not apply this gateway's policy. ${noFunction ? "This gateway's authorizer function no longer exists: launch its stack again from the Quickstart, then redeploy." : attached ? "Redeploy the stage." : "Attach this gateway's authorizer (Sync now), then redeploy."}${stale}`,
        checked,
      );
    }
    if (noFunction) return noFunctionStatus();
    return attached
      ? status("attached_not_deployed", `Attached to this gateway's authorizer; the deployed stage still runs another authorizer on it.${stale}`, checked)
      : status("not_attached", `Not attached to this gateway's authorizer (${describeAttachment(m)}).${stale}`, checked);
  }

  if (!deployedProtected) {
    const what = deployed === null ? "the stage's deployment does not contain it" : "the deployed stage has no authorizer on it";
    if (input.hasPolicy) {
      const fix = noFunction
        ? "This gateway's authorizer function no longer exists: launch its stack again from the Quickstart, then redeploy the stage."
        : attached
          ? "Redeploy the stage."
          : "Attach the authorizer (Sync now), then redeploy the stage.";
      return status("open_at_gateway", `It has a policy, but ${what}: API Gateway lets every request through. ${fix}${stale}`, checked);
    }
    if (noFunction) return noFunctionStatus();
    return attached
      ? status("attached_not_deployed", `Attached to this gateway's authorizer; ${what} yet.${stale}`, checked)
      : status("not_attached", `Not attached to this gateway's authorizer (${describeAttachment(m)}).${stale}`, checked);
  }
  // Deployed with an authorizer, and this gateway has no function: whose it is and what it answers cannot be told.
  if (noFunction) return noFunctionStatus();
  if (!attached && input.hasPolicy && m.attachment === "foreign") {
    // Another gateway's (or tool's) authorizer serves the method: this gateway's policy is applied by nobody.
    return status(
      "open_at_gateway",
      `It has a policy, but the method is ${describeAttachment(m)}, which does not apply this gateway's policy: requests it lets through pass. Disconnect the stage on the other gateway, or remove that authorizer.${stale}`,
      checked,
    );
  }
  if (!attached) {
    return status(
      "not_attached",
      `The deployed stage is protected, but the method is ${describeAttachment(m)}: the next deployment of the stage publishes that.${stale}`,
      checked,
    );
  }
  // Attached now and deployed CUSTOM: enforced only once the stage's export says whose authorizer it runs.
  if (deployed === "CUSTOM" && m.deployedAuthorizer !== "ours") {
    return status("unknown", `Attached, but whose authorizer the deployed stage runs on it could not be read from AWS (Refresh).${stale}`, checked);
  }
  const gw = input.gateway;
  if (gw && input.policyChangedAt) {
    if (!fetchedSince(gw, input.policyChangedAt)) {
      return status("live_at_next_reload", `The assignment changed; the authorizer has not fetched it yet (it reloads every ${gw.reloadIntervalMs < 1000 ? `${gw.reloadIntervalMs} ms` : `${Math.round(gw.reloadIntervalMs / 1000)} s`}).${stale}`, checked);
    }
    const fetchedAt = Math.max(gw.configFetchedAt?.getTime() ?? 0, input.policyChangedAt.getTime());
    const liveAt = fetchedAt + gw.reloadIntervalMs;
    if (input.now < liveAt) {
      return status("live_at_next_reload", "Fetched by the authorizer; every warm instance has it within its reload interval.", checked, { live_at: new Date(liveAt).toISOString() });
    }
    const ttl = stage.authorizerTtlSeconds ?? 0;
    const flushedAfter = stage.cacheFlushedAt !== null && stage.cacheFlushedAt.getTime() >= liveAt;
    if (ttl > 0 && !flushedAfter && input.now < liveAt + ttl * 1000) {
      const until = new Date(liveAt + ttl * 1000).toISOString();
      return status("cached", `API Gateway may answer from decisions cached before the change until ${until} (cache TTL ${ttl} s). Flush the authorizer cache to apply it now.`, checked, {
        live_at: new Date(liveAt).toISOString(),
        cached_until: until,
      });
    }
  }
  return input.hasPolicy
    ? status("enforced", `Attached to this gateway's authorizer, deployed, and the policy is loaded.${stale}`, checked)
    : status("unrestricted", `Attached and deployed; no policy: the authorizer lets requests through.${stale}`, checked);
}

function describeAttachment(m: StageMethodState): string {
  if (m.attachment === "foreign") return `using another authorizer (${m.authorizerId ?? "unknown id"}) — another gateway's or tool's`;
  if (m.attachment === "other") return `secured by ${m.authorizationType}, not by this gateway`;
  if (m.attachment === "none") return "authorization NONE";
  return "attached";
}

/**
 * Whether the stage's deployed snapshot differs from what must be enforced: a connected method
 * that is (or, once the authorizer attaches, will be) this gateway's is published without an
 * authorizer, or with another gateway's. Methods secured by another authorizer or by IAM are not this gateway's to deploy.
 */
export function stageNeedsDeployment(methods: StageMethodState[]): boolean {
  return methods.some(
    (m) =>
      (m.attachment === "ours" || m.attachment === "none") &&
      (m.deployedAuthorizationType !== "CUSTOM" || m.deployedAuthorizer === "foreign" || m.deployedAuthorizer === "gone"),
  );
}
