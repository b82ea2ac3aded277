import type { AuthorizerStack } from "../../db/schema";
import type { NewStackRecord } from "./record";

/**
 * A stack that disappeared without the console deleting it (someone deleted it in AWS, or the
 * account was cleaned up). The record must say so, or the console would keep offering an update
 * AWS refuses and count an authorizer that no longer runs.
 */
export const GONE_STATUS = "DELETE_COMPLETE";
export const GONE_REASON = "The stack no longer exists in AWS";

/** True when AWS's answer (null: DescribeStacks by ARN knows no such stack) means the stack is gone. */
export function isGone(awsStatus: string | null): boolean {
  return awsStatus === null || awsStatus === GONE_STATUS;
}

/**
 * What the record becomes when the stack is found gone. Outside a console delete this starts a
 * "delete" operation of its own, so the events AWS still reports about the deletion belong to it
 * and a form based on the previous version gets a 409 instead of acting on a stack that is gone.
 */
export function gonePatch(record: AuthorizerStack, awsReason: string | null): Partial<NewStackRecord> {
  const patch: Partial<NewStackRecord> = { status: GONE_STATUS, statusReason: awsReason ?? GONE_REASON };
  if (record.operation === "delete") return patch;
  return {
    ...patch,
    statusReason: GONE_REASON,
    operation: "delete",
    operationSeq: record.operationSeq + 1,
    operationStartedAt: new Date(),
    version: record.version + 1,
  };
}
