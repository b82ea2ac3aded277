import "server-only";
import { DeleteStackCommand } from "@aws-sdk/client-cloudformation";
import { ApiError, unprocessable } from "../../api/errors";
import { recordAudit, type AuditActor } from "../../audit/record";
import type { Db } from "../../db/client";
import { awsClients } from "../clients";
import { awsApiError } from "../errors";
import { loadGatewayForStack } from "./gateway-source";
import { beginOperation } from "./record";
import { refreshStack } from "./refresh";
import type { DeleteStackBody } from "./schemas";
import { stackPhase } from "./status";
import { assertStackExists, requireStack } from "./update";
import { stackView, type StackView } from "./view";

/** Delete: the caller confirms by typing the stack's name; progress is followed like a launch. */
export async function deleteStack(db: Db, actor: AuditActor, gatewayId: string, body: DeleteStackBody): Promise<StackView> {
  const gateway = await loadGatewayForStack(db, gatewayId);
  let record = await requireStack(db, gatewayId);
  if (body.confirm_stack_name.trim() !== record.stackName) {
    throw unprocessable("The confirmation does not match the stack's name.", [
      { path: "confirm_stack_name", message: `Type ${record.stackName} to confirm.` },
    ]);
  }
  record = await refreshStack(db, record, { force: true });
  assertStackExists(record);
  if (record.status === "DELETE_IN_PROGRESS") throw new ApiError("stack_busy", "The stack is already being deleted.");
  if (stackPhase(record.status) === "in_progress") {
    throw new ApiError("stack_busy", `The stack is busy (${record.status}); wait until it finishes, then delete it.`);
  }
  try {
    await awsClients(record.region).cloudFormation.send(new DeleteStackCommand({ StackName: record.stackId }));
  } catch (err) {
    throw awsApiError(err, `delete the stack ${record.stackName}`);
  }
  const next = await db.transaction(async (tx) => {
    const row = await beginOperation(tx, record, "delete", { status: "DELETE_IN_PROGRESS", statusReason: null });
    await recordAudit(tx, actor, {
      action: "stack.delete",
      targetType: "stack",
      targetId: gatewayId,
      targetName: record.stackName,
      before: { stack_name: record.stackName, stack_id: record.stackId, status: record.status, parameters: record.parameters },
    });
    return row;
  });
  const fresh = await refreshStack(db, next, { force: true }).catch(() => next);
  return stackView(db, fresh, gateway.secretRotatedAt);
}
