import type { Db } from "../../db/client";
import type { AuthorizerStack } from "../../db/schema";
import type { StackEventRecord } from "./events";
import { explainFailure, type StackFailure } from "./failure";
import { progressOf, type StackProgress } from "./progress";
import { listedResources } from "./refresh";
import { operationEvents } from "./record";
import { stackPhase, updatable, type StackPhase } from "./status";

/** A gateway's stack as the admin API answers it (never the client secret). */
export interface StackView {
  gateway_id: string;
  stack_name: string;
  stack_id: string;
  region: string;
  account_id: string;
  status: string;
  status_reason: string | null;
  phase: StackPhase;
  operation: "launch" | "update" | "delete";
  operation_started_at: string;
  can_update: boolean;
  authorizer_version: string;
  parameters: Record<string, string>;
  outputs: Record<string, string>;
  artifacts: { bucket: string; code_key: string; template_key: string; template_sha256: string };
  /** False when the gateway's client secret was rotated after the stack last received it. */
  secret_current: boolean;
  progress: StackProgress;
  events: { event_id: string; at: string; logical_resource_id: string; resource_type: string; status: string; reason: string | null }[];
  failure: StackFailure | null;
  version: number;
  updated_at: string;
}

const MAX_EVENTS = 200;

function eventView(e: StackEventRecord): StackView["events"][number] {
  return {
    event_id: e.eventId,
    at: e.at.toISOString(),
    logical_resource_id: e.logicalResourceId,
    resource_type: e.resourceType,
    status: e.resourceStatus,
    reason: e.reason,
  };
}

export async function stackView(db: Db, record: AuthorizerStack, secretRotatedAt: Date | null): Promise<StackView> {
  const events = await operationEvents(db, record);
  const phase = stackPhase(record.status);
  return {
    gateway_id: record.gatewayId,
    stack_name: record.stackName,
    stack_id: record.stackId,
    region: record.region,
    account_id: record.accountId,
    status: record.status,
    status_reason: record.statusReason,
    phase,
    operation: record.operation,
    operation_started_at: record.operationStartedAt.toISOString(),
    can_update: updatable(record.status),
    authorizer_version: record.authorizerVersion,
    parameters: record.parameters,
    outputs: record.outputs,
    artifacts: {
      bucket: record.artifactsBucket,
      code_key: record.codeKey,
      template_key: record.templateKey,
      template_sha256: record.templateSha256,
    },
    secret_current: !secretRotatedAt || !record.secretRotatedAt || secretRotatedAt.getTime() <= record.secretRotatedAt.getTime(),
    progress: progressOf({
      operation: record.operation,
      status: record.status,
      total: record.resourceCount,
      events,
      listed: phase === "deleted" ? [] : listedResources(record.gatewayId),
    }),
    events: events.slice(-MAX_EVENTS).reverse().map(eventView),
    failure: phase === "failed" ? explainFailure(record.status, record.statusReason, events) : null,
    version: record.version,
    updated_at: record.updatedAt.toISOString(),
  };
}
