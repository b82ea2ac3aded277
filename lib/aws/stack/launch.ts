import "server-only";
import { CreateStackCommand } from "@aws-sdk/client-cloudformation";
import { ApiError } from "../../api/errors";
import { recordAudit, type AuditActor } from "../../audit/record";
import type { Db } from "../../db/client";
import { awsClients } from "../clients";
import { accountFor } from "../identity";
import { prepareArtifacts } from "./artifacts";
import { stackRequestError } from "./failure";
import { gatewayClientSecret, loadGatewayForStack, publicStackInputs } from "./gateway-source";
import { defaultStackName } from "./name";
import { mergeSettings, publicParameters, stackParameters } from "./parameters";
import { getStackRecord, packageColumns, putStackRecord } from "./record";
import { refreshStack } from "./refresh";
import type { CreateStackBody } from "./schemas";
import { stackPhase } from "./status";
import { stackView, type StackView } from "./view";

/**
 * Launch: the gateway's authorizer stack in the gateway's region, with its parameters filled in
 * from the gateway (the secret decrypted here and passed only to CloudFormation) and the IAM
 * acknowledgement the caller gave.
 */
export async function launchStack(db: Db, actor: AuditActor, gatewayId: string, body: CreateStackBody): Promise<StackView> {
  const gateway = await loadGatewayForStack(db, gatewayId);
  const existing = await getStackRecord(db, gatewayId);
  if (existing) {
    const current = stackPhase(existing.status) === "deleted" ? existing : await refreshStack(db, existing, { force: true });
    if (stackPhase(current.status) !== "deleted") {
      throw new ApiError(
        "stack_exists",
        `This gateway already has the stack ${current.stackName} (${current.status}). Update it, or delete it before launching another.`,
      );
    }
  }

  const account = await accountFor(gateway.region);
  const artifacts = await prepareArtifacts(db, account, gateway.region);
  const settings = mergeSettings(gateway.settings, body.settings);
  const stackName = body.stack_name ?? defaultStackName(gateway.name);
  const inputs = publicStackInputs(gateway, artifacts, settings);
  const secret = await gatewayClientSecret(db, gatewayId);

  let stackId: string;
  try {
    const out = await awsClients(gateway.region).cloudFormation.send(
      new CreateStackCommand({
        StackName: stackName,
        TemplateBody: artifacts.template.body,
        Parameters: stackParameters({ ...inputs, clientSecret: secret }),
        Capabilities: ["CAPABILITY_IAM"],
        Tags: [
          { Key: "gatehouse:gateway-id", Value: gateway.id },
          { Key: "gatehouse:authorizer-version", Value: artifacts.version },
        ],
      }),
    );
    stackId = out.StackId ?? stackName;
  } catch (err) {
    throw stackRequestError(err, `create the stack ${stackName}`);
  }

  const parameters = publicParameters(inputs);
  const record = await db.transaction(async (tx) => {
    const row = await putStackRecord(tx, {
      gatewayId,
      stackName,
      stackId,
      region: gateway.region,
      accountId: account,
      status: "CREATE_IN_PROGRESS",
      statusReason: null,
      operation: "launch",
      operationSeq: (existing?.operationSeq ?? 0) + 1,
      operationStartedAt: new Date(),
      ...packageColumns(artifacts),
      parameters,
      secretRotatedAt: gateway.secretRotatedAt,
      outputs: {},
    });
    await recordAudit(tx, actor, {
      action: "stack.launch",
      targetType: "stack",
      targetId: gatewayId,
      targetName: stackName,
      after: { stack_name: stackName, stack_id: stackId, region: gateway.region, account_id: account, parameters },
    });
    return row;
  });
  const fresh = await refreshStack(db, record, { force: true }).catch(() => record);
  return stackView(db, fresh, gateway.secretRotatedAt);
}
