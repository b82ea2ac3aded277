import "server-only";
import {
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type CloudFormationClient,
  type Stack,
} from "@aws-sdk/client-cloudformation";
import type { Db } from "../../db/client";
import type { AuthorizerStack } from "../../db/schema";
import { awsClients } from "../clients";
import { awsApiError, describeAwsError } from "../errors";
import { fetchNewStackEvents } from "./events";
import type { ResourceState } from "./progress";
import { patchStackRecord, storeEvents } from "./record";
import { gonePatch, isGone } from "./gone";
import { stackPhase } from "./status";

/**
 * Brings a stack record up to date with AWS: status, outputs, new events (stored once each) and
 * the resources' current statuses — or, when DescribeStacks by the ARN says DELETE_COMPLETE or
 * knows no such stack, that it is gone. Polls at most every MIN_POLL_MS however many pages watch it.
 */
export const MIN_POLL_MS = 1500;

// The resource list is only for showing progress; it lives in memory next to the record.
const globalForStacks = globalThis as unknown as { gatehouseStackResources?: Map<string, ResourceState[]> };
const resourcesCache = () => (globalForStacks.gatehouseStackResources ??= new Map<string, ResourceState[]>());

export function listedResources(gatewayId: string): ResourceState[] {
  return resourcesCache().get(gatewayId) ?? [];
}

async function describe(cfn: CloudFormationClient, stackId: string): Promise<Stack | null> {
  try {
    return (await cfn.send(new DescribeStacksCommand({ StackName: stackId }))).Stacks?.[0] ?? null;
  } catch (err) {
    // A deleted stack's name stops resolving; its ARN usually still does.
    if (/does not exist/i.test(describeAwsError(err).message)) return null;
    throw awsApiError(err, "read the stack's status");
  }
}

async function listResources(cfn: CloudFormationClient, stackId: string): Promise<ResourceState[]> {
  const out: ResourceState[] = [];
  let token: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await cfn.send(new ListStackResourcesCommand({ StackName: stackId, NextToken: token }));
    for (const r of res.StackResourceSummaries ?? []) {
      out.push({
        logicalResourceId: r.LogicalResourceId ?? "",
        resourceType: r.ResourceType ?? "",
        status: r.ResourceStatus ?? "",
        reason: r.ResourceStatusReason ?? null,
        at: r.LastUpdatedTimestamp?.toISOString() ?? null,
      });
    }
    token = res.NextToken;
    if (!token) break;
  }
  return out;
}

/**
 * Whether a read of the stack API should ask AWS again: at most every MIN_POLL_MS, also for a
 * settled stack (it may be updated or deleted outside the console); a deleted stack is final.
 */
export function needsPoll(record: AuthorizerStack, now = Date.now()): boolean {
  if (!record.lastPolledAt) return true;
  if (stackPhase(record.status) === "deleted") return false;
  return now - record.lastPolledAt.getTime() >= MIN_POLL_MS;
}

export async function refreshStack(
  db: Db,
  record: AuthorizerStack,
  opts: { force?: boolean; cfn?: CloudFormationClient } = {},
): Promise<AuthorizerStack> {
  if (!opts.force && !needsPoll(record)) return record;
  const cfn = opts.cfn ?? awsClients(record.region).cloudFormation;

  const stack = await describe(cfn, record.stackId);
  const gone = isGone(stack?.StackStatus ?? null);
  // Found gone: the record changes first, so the deletion's events are stored under its operation.
  let current = gone && stackPhase(record.status) !== "deleted" ? await patchStackRecord(db, record.gatewayId, gonePatch(record, stack?.StackStatusReason ?? null)) : record;
  let fetched: Awaited<ReturnType<typeof fetchNewStackEvents>> = { events: [], newest: current.eventsCursor };
  try {
    fetched = await fetchNewStackEvents(cfn, current.stackId, current.eventsCursor);
  } catch (err) {
    // A gone stack's events may no longer be readable; that loses nothing.
    if (!gone) throw awsApiError(err, "read the stack's events");
  }
  await storeEvents(db, current, fetched.events);
  if (gone) {
    resourcesCache().delete(current.gatewayId);
  } else {
    try {
      resourcesCache().set(current.gatewayId, await listResources(cfn, current.stackId));
    } catch {
      /* progress falls back to the events alone */
    }
  }
  const outputs: Record<string, string> = { ...current.outputs };
  for (const o of stack?.Outputs ?? []) if (o.OutputKey && o.OutputValue) outputs[o.OutputKey] = o.OutputValue;
  current = await patchStackRecord(db, current.gatewayId, {
    ...(gone ? {} : { status: stack!.StackStatus!, statusReason: stack!.StackStatusReason ?? null }),
    outputs,
    eventsCursor: fetched.newest,
    lastPolledAt: new Date(),
  });
  return current;
}
