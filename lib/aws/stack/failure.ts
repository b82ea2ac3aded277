import { ApiError } from "../../api/errors";
import { awsApiError, describeAwsError } from "../errors";
import type { StackEventRecord } from "./events";

/**
 * Why an operation failed, in terms a person can act on: the resource that failed first, AWS's
 * reason, and what to do next.
 */
export interface StackFailure {
  logicalResourceId: string | null;
  resourceType: string | null;
  reason: string;
  advice: string;
}

const CANCELLED = /Resource (creation|update) cancelled|cancelled by user|The following resource\(s\) failed/i;

const RECREATE = "A stack whose creation rolled back cannot be updated: delete it, then launch it again.";

/** What to do next once a stack has come to rest in a failed state. */
const NEXT_STEP_BY_STATUS = new Map<string, string>([
  ["ROLLBACK_COMPLETE", RECREATE],
  ["ROLLBACK_FAILED", RECREATE],
  ["CREATE_FAILED", RECREATE],
  ["UPDATE_ROLLBACK_COMPLETE", "The stack went back to its previous configuration and still works; fix the cause and update again."],
  ["UPDATE_ROLLBACK_FAILED", "Continue the rollback in the AWS CloudFormation console (Stack actions › Continue update rollback), or delete the stack."],
  ["DELETE_FAILED", "Remove the resource named above by hand (or fix its permission) and delete the stack again."],
]);

export function adviceFor(status: string, reason: string): string {
  const hints: string[] = [];
  if (/NoSuchKey|NoSuchBucket|S3 Error|Error occurred while GetObject/i.test(reason)) {
    hints.push("The authorizer zip was not found in the artifacts bucket in the stack's region; launching again re-uploads it.");
  } else if (/InsufficientCapabilities|CAPABILITY_/i.test(reason)) {
    hints.push("The stack creates IAM resources: acknowledge that (CAPABILITY_IAM) and launch again.");
  } else if (/not authorized|AccessDenied|is not authorized to perform/i.test(reason)) {
    hints.push("The console's AWS identity lacks a permission named in the reason; grant it and retry.");
  } else if (/already exists/i.test(reason)) {
    hints.push("A resource with that name already exists (perhaps from an earlier stack); remove it or choose another name.");
  } else if (/Parameter|AllowedValues|AllowedPattern|constraint/i.test(reason)) {
    hints.push("A parameter value was refused; correct it in the settings and retry.");
  } else if (/[Rr]untime/.test(reason)) {
    hints.push("Lambda refused the runtime in this region; check the runtime in infra/authorizer.yaml.");
  }
  const next = NEXT_STEP_BY_STATUS.get(status);
  if (next) hints.push(next);
  return hints.join(" ");
}

/** The first failure among an operation's events (oldest first), or the stack's own reason. */
export function explainFailure(status: string, statusReason: string | null, events: readonly StackEventRecord[]): StackFailure {
  const failures = events.filter((e) => e.resourceStatus.endsWith("_FAILED") && e.reason);
  const root = failures.find((e) => e.resourceType !== "AWS::CloudFormation::Stack" && !CANCELLED.test(e.reason ?? "")) ?? failures[0];
  const reason = root?.reason ?? statusReason ?? `The stack ended in ${status}.`;
  return {
    logicalResourceId: root && root.resourceType !== "AWS::CloudFormation::Stack" ? root.logicalResourceId : null,
    resourceType: root && root.resourceType !== "AWS::CloudFormation::Stack" ? root.resourceType : null,
    reason,
    advice: adviceFor(status, reason),
  };
}

/**
 * CloudFormation refused a request outright (CreateStack/UpdateStack): its reason and what to do,
 * as a 422 — unless the cause is the console's access to AWS (credentials, permissions, network).
 */
export function stackRequestError(err: unknown, doing: string): ApiError {
  const f = describeAwsError(err);
  if (f.kind === "already_exists") return new ApiError("stack_exists", `CloudFormation refused to ${doing}: ${f.message} Choose another stack name.`);
  if (f.kind === "other" || f.kind === "validation" || f.kind === "not_found") {
    return new ApiError("stack_rejected", `CloudFormation refused to ${doing}: ${f.message} ${adviceFor("", f.message)}`.trim());
  }
  return awsApiError(err, doing);
}
