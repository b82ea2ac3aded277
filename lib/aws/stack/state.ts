import { ApiError } from "../../api/errors";
import type { AuthorizerSettings } from "../../db/schema";
import type { Db } from "../../db/client";
import { awsApiError } from "../errors";
import { authorizerVersion } from "../package";
import { authorizerTemplate } from "../template";
import { loadGatewayForStack } from "./gateway-source";
import { defaultStackName } from "./name";
import { BASE_PARAMETERS, SETTING_PARAMETERS, mergeSettings } from "./parameters";
import { getStackRecord } from "./record";
import { refreshStack } from "./refresh";
import { stackPhase } from "./status";
import { settingsOfStack } from "./update";
import { stackView, type StackView } from "./view";

/** What the Deploy authorizer panel shows: the stack (followed live) and the launch form's defaults. */
export interface StackState {
  stack: StackView | null;
  launch: {
    stack_name: string;
    region: string;
    client_id: string;
    issuer_url: string;
    authorizer_version: string;
    /** The settings a launch starts from: the gateway's (Settings tab), or the stack's when one exists. */
    settings: AuthorizerSettings;
    parameters: { name: string; env: string; group: "base" | "advanced" | "certificate" }[];
    resource_count: number;
  };
  /** A transient AWS problem while following the stack (the last known state is still shown). */
  aws_error: string | null;
}

export async function stackState(db: Db, gatewayId: string, opts: { refresh?: boolean } = {}): Promise<StackState> {
  const gateway = await loadGatewayForStack(db, gatewayId);
  let record = await getStackRecord(db, gatewayId);
  let awsError: string | null = null;
  if (record) {
    try {
      record = await refreshStack(db, record, { force: opts.refresh === true });
    } catch (err) {
      awsError = (err instanceof ApiError ? err : awsApiError(err, "follow the stack")).message;
    }
  }
  const live = record && stackPhase(record.status) !== "deleted" ? record : null;
  return {
    stack: record ? await stackView(db, record, gateway.secretRotatedAt) : null,
    launch: {
      stack_name: defaultStackName(gateway.name),
      region: gateway.region,
      client_id: gateway.clientId,
      issuer_url: gateway.issuerUrl,
      authorizer_version: authorizerVersion(),
      settings: live ? settingsOfStack(live) : mergeSettings(gateway.settings),
      parameters: [
        ...BASE_PARAMETERS.map((p) => ({ name: p.parameter, env: p.env, group: "base" as const })),
        ...SETTING_PARAMETERS.map((p) => ({ name: p.parameter, env: p.env, group: p.group })),
      ],
      resource_count: authorizerTemplate().resources.length,
    },
    aws_error: awsError,
  };
}
