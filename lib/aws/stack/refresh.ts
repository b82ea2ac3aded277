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
import { stackPhase } from "./status";

/**
 * Brings a stack record up to date with AWS: status, outputs, new events (stored once each) and
 * the resources' current statuses. Polls at most every MIN_POLL_MS however many pages watch it.
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

export async function refreshStack(
  db: Db,
  record: AuthorizerStack,
  opts: { force?: boolean; cfn?: CloudFormationClient } = {},
): Promise<AuthorizerStack> {
  const phase = stackPhase(record.status);
  const recent = record.lastPolledAt && Date.now() - record.lastPolledAt.getTime() < MIN_POLL_MS;
  if (!opts.force && (recent || (phase !== "in_progress" && record.lastPolledAt))) return record;
  const cfn = opts.cfn ?? awsClients(record.region).cloudFormation;

  const stack = await describe(cfn, record.stackId);
  let fetched: Awaited<ReturnType<typeof fetchNewStackEvents>> = { events: [], newest: record.eventsCursor };
  try {
    fetched = await fetchNewStackEvents(cfn, record.stackId, record.eventsCursor);
  } catch (err) {
    if (stack) throw awsApiError(err, "read the stack's events");
  }
  await storeEvents(db, record, fetched.events);
  const status = stack?.StackStatus ?? "DELETE_COMPLETE";
  if (stack && status !== "DELETE_COMPLETE") {
    try {
      resourcesCache().set(record.gatewayId, await listResources(cfn, record.stackId));
    } catch {
      /* progress falls back to the events alone */
    }
  }
  const outputs: Record<string, string> = { ...record.outputs };
  for (const o of stack?.Outputs ?? []) if (o.OutputKey && o.OutputValue) outputs[o.OutputKey] = o.OutputValue;
  return patchStackRecord(db, record.gatewayId, {
    status,
    statusReason: stack?.StackStatusReason ?? null,
    outputs,
    eventsCursor: fetched.newest,
    lastPolledAt: new Date(),
  });
}
