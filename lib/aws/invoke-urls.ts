import "server-only";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { curlLine } from "../../protocol/curl-line";
import type { Db } from "../db/client";
import { apiGroups, gateways, services } from "../db/schema";
import { env } from "../env";
import { awsEndpointOverride } from "./endpoint";

/**
 * Each connected stage's invoke URL and a ready curl line. On AWS:
 * `https://{api_id}.execute-api.{region}.amazonaws.com/{stage}`. With AWS_ENDPOINT_URL (an
 * emulator with no data plane) the local sandbox serves stages at
 * `{GATEHOUSE_SANDBOX_URL}/restapis/{api_id}/{stage}/_user_request_` (default http://127.0.0.1:4010).
 */
export const DEFAULT_SANDBOX_URL = "http://127.0.0.1:4010";

export function invokeUrl(region: string, restApiId: string, stage: string): string {
  if (awsEndpointOverride()) {
    const base = (env().GATEHOUSE_SANDBOX_URL ?? DEFAULT_SANDBOX_URL).replace(/\/+$/, "");
    return `${base}/restapis/${encodeURIComponent(restApiId)}/${encodeURIComponent(stage)}/_user_request_`;
  }
  return `https://${restApiId}.execute-api.${region}.amazonaws.com/${encodeURIComponent(stage)}`;
}

/** A first path to try: the group's first GET API without path parameters, else its first API. */
export function samplePath(apis: { method: string; path: string }[]): string {
  const plain = apis.find((a) => (a.method === "GET" || a.method === "ANY") && !a.path.includes("{"));
  return (plain ?? apis[0])?.path ?? "/";
}


export interface InvokeUrlView {
  group_id: string;
  rest_api_id: string;
  api_name: string;
  stage: string;
  service_id: string;
  service_name: string;
  invoke_url: string;
  sample_path: string;
  curl: string;
}

/** `GET /gateways/{gw}/invoke-urls`: `sandbox` says the URLs are the local sandbox's, not AWS's. */
export interface InvokeUrls {
  sandbox: boolean;
  stages: InvokeUrlView[];
}

export async function invokeUrls(db: Db, gatewayId: string): Promise<InvokeUrls> {
  const rows = await db
    .select({ group: apiGroups, region: gateways.region, serviceName: services.name })
    .from(apiGroups)
    .innerJoin(gateways, eq(gateways.id, apiGroups.gatewayId))
    .innerJoin(services, eq(services.id, apiGroups.serviceId))
    // A stage gone from AWS has no invoke URL any more.
    .where(and(eq(apiGroups.gatewayId, gatewayId), isNotNull(apiGroups.serviceId), isNull(apiGroups.goneAt)));
  const stages = rows
    .map(({ group, region, serviceName }) => {
      const { api_id, api_name, stage } = group.metadata.aws;
      const url = invokeUrl(region, api_id, stage);
      const path = samplePath(group.apis);
      const method = group.apis.find((a) => a.path === path)?.method ?? "GET";
      return {
        group_id: group.id,
        rest_api_id: api_id,
        api_name,
        stage,
        service_id: group.serviceId!,
        service_name: serviceName,
        invoke_url: url,
        sample_path: path,
        curl: curlLine({ url, path: path.replace(/\{[^}]+\}/g, "1"), method }),
      };
    })
    .sort((a, b) => a.api_name.localeCompare(b.api_name) || a.stage.localeCompare(b.stage));
  return { sandbox: awsEndpointOverride() !== null, stages };
}
