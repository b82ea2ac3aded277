import "server-only";
import { UpdateStackCommand } from "@aws-sdk/client-cloudformation";
import { storedEntries } from "../../../protocol/settings/catalogue";
import { ApiError, conflict } from "../../api/errors";
import { recordAudit, type AuditActor } from "../../audit/record";
import type { Db } from "../../db/client";
import type { AuthorizerSettings, AuthorizerStack } from "../../db/schema";
import { awsClients } from "../clients";
import { describeAwsError } from "../errors";
import { prepareArtifacts } from "./artifacts";
import { stackRequestError } from "./failure";
import { gatewayClientSecret, loadGatewayForStack, publicStackInputs } from "./gateway-source";
import { DEFAULT_SETTINGS, mergeSettings, publicParameters, stackParameters } from "./parameters";
import { beginOperation, getStackRecord, packageColumns } from "./record";
import { refreshStack } from "./refresh";
import type { UpdateStackBody } from "./schemas";
import { stackPhase, updatable } from "./status";
import { stackView, type StackView } from "./view";

/** The settings a stack runs with, read back from its recorded parameters. */
export function settingsOfStack(record: AuthorizerStack): AuthorizerSettings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const e of storedEntries()) {
    const v = record.parameters[e.parameter];
    if (v === undefined) continue;
    out[e.consoleKey] = e.fromParameter(v);
  }
  return out as unknown as AuthorizerSettings;
}

function sameParameters(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

/** The gateway's stack record while the stack exists; a gone stack is a 409 that says to launch again. */
export async function requireStack(db: Db, gatewayId: string): Promise<AuthorizerStack> {
  const record = await getStackRecord(db, gatewayId);
  if (!record) throw new ApiError("not_found", "This gateway has no authorizer stack. Launch one first.");
  assertStackExists(record);
  return record;
}

export function assertStackExists(record: AuthorizerStack): void {
  if (stackPhase(record.status) !== "deleted") return;
  throw new ApiError("stack_gone", `The stack ${record.stackName} no longer exists in AWS (${record.status}). Launch the stack again.`);
}

function whyNotUpdatable(status: string): string {
  if (stackPhase(status) === "in_progress") return `The stack is busy (${status}); wait until it finishes.`;
  if (status === "ROLLBACK_COMPLETE" || status === "ROLLBACK_FAILED" || status === "CREATE_FAILED") {
    return `The stack's creation failed and rolled back (${status}); it can only be deleted. Delete it, then launch again.`;
  }
  return `The stack cannot be updated in state ${status}.`;
}

/**
 * Update configuration: UpdateStack with the settings merged over what the stack runs now, the
 * current zip, and the template — UsePreviousTemplate when unchanged. The client secret is sent
 * again only when the gateway rotated it since; otherwise UsePreviousValue.
 */
export async function updateStack(db: Db, actor: AuditActor, gatewayId: string, body: UpdateStackBody): Promise<StackView> {
  const gateway = await loadGatewayForStack(db, gatewayId);
  let record = await requireStack(db, gatewayId);
  if (body.version !== undefined && body.version !== record.version) {
    throw conflict("The stack changed since you loaded it. Reload and try again.");
  }
  record = await refreshStack(db, record, { force: true });
  // Deleted outside the console: say so, rather than let AWS refuse an update "in state DELETE_COMPLETE".
  assertStackExists(record);
  if (!updatable(record.status)) throw new ApiError("stack_not_updatable", whyNotUpdatable(record.status));

  const artifacts = await prepareArtifacts(db, record.accountId, record.region);
  const settings = mergeSettings(settingsOfStack(record), body.settings);
  const inputs = publicStackInputs(gateway, artifacts, settings);
  const rotated = !record.secretRotatedAt || gateway.secretRotatedAt.getTime() > record.secretRotatedAt.getTime();
  const sameTemplate = artifacts.template.sha256 === record.templateSha256;
  const parameters = publicParameters(inputs);
  const unchanged = sameTemplate && !rotated && sameParameters(parameters, record.parameters);
  if (unchanged) throw new ApiError("no_changes", "Nothing to update: the stack already runs these settings, this package and the current client secret.");

  try {
    await awsClients(record.region).cloudFormation.send(
      new UpdateStackCommand({
        StackName: record.stackId,
        ...(sameTemplate ? { UsePreviousTemplate: true } : { TemplateBody: artifacts.template.body }),
        Parameters: stackParameters({ ...inputs, clientSecret: rotated ? await gatewayClientSecret(db, gatewayId) : { usePrevious: true } }),
        Capabilities: ["CAPABILITY_IAM"],
      }),
    );
  } catch (err) {
    if (/No updates are to be performed/i.test(describeAwsError(err).message)) {
      throw new ApiError("no_changes", "Nothing to update: AWS reports the stack already matches.");
    }
    throw stackRequestError(err, `update the stack ${record.stackName}`);
  }

  const before = record.parameters;
  const next = await db.transaction(async (tx) => {
    const row = await beginOperation(tx, record, "update", {
      status: "UPDATE_IN_PROGRESS",
      statusReason: null,
      ...packageColumns(artifacts),
      parameters,
      ...(rotated ? { secretRotatedAt: gateway.secretRotatedAt } : {}),
    });
    await recordAudit(tx, actor, {
      action: "stack.update",
      targetType: "stack",
      targetId: gatewayId,
      targetName: record.stackName,
      before: { parameters: before, template_sha256: record.templateSha256 },
      after: { parameters, template_sha256: artifacts.template.sha256, client_secret_rotated: rotated },
    });
    return row;
  });
  const fresh = await refreshStack(db, next, { force: true }).catch(() => next);
  return stackView(db, fresh, gateway.secretRotatedAt);
}
