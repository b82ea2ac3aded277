import type { Db } from "../../db/client";
import { accountFor } from "../identity";
import { prepareArtifacts } from "./artifacts";
import { loadGatewayForStack, publicStackInputs } from "./gateway-source";
import { defaultStackName } from "./name";
import { mergeSettings, publicParameters, SECRET_PARAMETER, type StackSettingsInput } from "./parameters";
import { quickCreateUrl } from "./quick-create-url";
import { recordAudit, type AuditActor } from "../../audit/record";

/**
 * "Open in AWS console": CloudFormation's quick-create link, with the template in the artifacts
 * bucket and every parameter prefilled except the NoEcho client secret (typed there).
 */
export interface QuickCreateLink {
  url: string;
  template_url: string;
  stack_name: string;
  region: string;
  not_prefilled: string[];
}

export async function quickCreateLink(
  db: Db,
  gatewayId: string,
  actor: AuditActor,
  opts: { stackName?: string; settings?: StackSettingsInput } = {},
): Promise<QuickCreateLink> {
  const gateway = await loadGatewayForStack(db, gatewayId);
  const account = await accountFor(gateway.region);
  const artifacts = await prepareArtifacts(db, account, gateway.region);
  const stackName = opts.stackName ?? defaultStackName(gateway.name);
  const params = publicParameters(publicStackInputs(gateway, artifacts, mergeSettings(gateway.settings, opts.settings)));
  // Who prepared a launch link (and uploaded the artifacts it needs) for which gateway.
  await recordAudit(db, actor, {
    action: "stack.quick_create",
    targetType: "stack",
    targetId: gatewayId,
    targetName: stackName,
    after: { stack_name: stackName, region: gateway.region, template_url: artifacts.templateUrl },
  });
  return {
    url: quickCreateUrl(gateway.region, artifacts.templateUrl, stackName, params),
    template_url: artifacts.templateUrl,
    stack_name: stackName,
    region: gateway.region,
    not_prefilled: [SECRET_PARAMETER],
  };
}
