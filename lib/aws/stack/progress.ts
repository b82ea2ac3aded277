import type { StackEventRecord } from "./events";
import { resourceDone, stackPhase } from "./status";

/**
 * Resource by resource, where an operation stands: each resource's latest status (from the
 * operation's events, completed by ListStackResources where AWS emits no event — e.g. resources
 * an update leaves alone) and a progress figure against the template's resource count.
 */
export interface ResourceState {
  logicalResourceId: string;
  resourceType: string;
  status: string;
  reason: string | null;
  at: string | null;
}

export interface StackProgress {
  done: number;
  total: number;
  percent: number;
  resources: ResourceState[];
}

export function progressOf(input: {
  operation: "launch" | "update" | "delete";
  status: string;
  total: number;
  events: readonly StackEventRecord[];
  listed: readonly ResourceState[];
}): StackProgress {
  const byId = new Map<string, ResourceState>();
  for (const r of input.listed) byId.set(r.logicalResourceId, r);
  for (const e of input.events) {
    if (e.resourceType === "AWS::CloudFormation::Stack") continue;
    const prior = byId.get(e.logicalResourceId);
    if (prior?.at && new Date(prior.at).getTime() > e.at.getTime()) continue;
    byId.set(e.logicalResourceId, {
      logicalResourceId: e.logicalResourceId,
      resourceType: e.resourceType,
      status: e.resourceStatus,
      reason: e.reason,
      at: e.at.toISOString(),
    });
  }
  const resources = [...byId.values()];
  const total = Math.max(input.total, resources.length, 1);
  const phase = stackPhase(input.status);
  const finished = (input.operation === "delete" && phase === "deleted") || (input.operation !== "delete" && phase === "complete");
  const done = finished ? total : Math.min(total, resources.filter((r) => resourceDone(input.operation, r.status)).length);
  return { done, total, percent: Math.round((done / total) * 100), resources };
}
