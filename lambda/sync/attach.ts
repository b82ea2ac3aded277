import type { Authorizer, PatchOperation } from "@aws-sdk/client-api-gateway";
import type { Logger } from "../log";
import type { ApiGatewayPort } from "./apigateway";
import type { DiscoveredRestApi } from "./discover";
import type { Throttle } from "./throttle";

/**
 * Attaching this function as the REQUEST authorizer of a connected REST API, and detaching it
 * from one that is no longer connected.
 *
 * - Connected (some stage's group is bound to a service): the authorizer named
 *   AWS_AUTHORIZER_NAME is created if missing (and its URI, identity sources and TTL corrected
 *   if they drifted), then every non-OPTIONS method with `authorizationType: NONE` gets
 *   `CUSTOM` + our authorizer id.
 * - Not connected: methods that use *our* authorizer go back to `NONE`. The authorizer itself
 *   stays (deleting it is not needed to stop enforcement and would churn ids).
 * - Methods secured otherwise (another authorizer, AWS_IAM, Cognito) are never touched.
 * Nothing is deployed: the changes go live with the console's redeploy.
 */
export const ROUTE_SOURCES = "context.httpMethod, context.resourcePath";
export const TOKEN_AND_ROUTE_SOURCES = `method.request.header.Authorization, ${ROUTE_SOURCES}`;

/**
 * The authorizer's identity sources. They are API Gateway's cache key, and a missing header
 * source makes it answer 401 without invoking the function. So:
 * - caching off (TTL 0, the default): route only — every request reaches the function, and a
 *   request without a token to an Unrestricted API passes, as the guide's `curl` expects; the
 *   function itself answers 401 where a policy needs an identity.
 * - caching on: the token is part of the key too (one cache entry = one token on one route), at
 *   the price that API Gateway answers 401 to token-less requests before the function runs.
 */
export function identitySourceFor(ttlSeconds: number): string {
  return ttlSeconds > 0 ? TOKEN_AND_ROUTE_SOURCES : ROUTE_SOURCES;
}
/** The default (TTL 0) identity sources. */
export const IDENTITY_SOURCE = identitySourceFor(0);

export interface AttachSettings {
  authorizerName: string;
  ttlSeconds: number;
  /** The function's ARN (from the invocation context); null: attaching is impossible. */
  functionArn: string | null;
}

export interface AttachReport {
  restApiId: string;
  connected: boolean;
  authorizerId: string | null;
  createdAuthorizer: boolean;
  updatedAuthorizer: boolean;
  attached: number;
  detached: number;
  /** Methods secured by something else, left alone. */
  leftAlone: number;
}

/** `arn:…:lambda:{region}:{account}:function:{name}[:qualifier]` → the authorizer URI. */
export function authorizerUri(functionArn: string): string | null {
  const m = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(functionArn);
  if (!m) return null;
  const [, partition, region, account, name, qualifier] = m;
  const fn = `arn:${partition}:lambda:${region}:${account}:function:${name}${qualifier && qualifier !== "$LATEST" ? `:${qualifier}` : ""}`;
  return `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${fn}/invocations`;
}

const normalizeSources = (s: string | undefined) =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)
    .join(",");

export async function reconcileRestApi(
  port: ApiGatewayPort,
  throttle: Throttle,
  api: DiscoveredRestApi,
  connected: boolean,
  settings: AttachSettings,
  log: Logger,
): Promise<AttachReport> {
  const report: AttachReport = {
    restApiId: api.id,
    connected,
    authorizerId: null,
    createdAuthorizer: false,
    updatedAuthorizer: false,
    attached: 0,
    detached: 0,
    leftAlone: 0,
  };
  const authorizers: Authorizer[] = [];
  let position: string | undefined;
  do {
    const page = await throttle.call("general", `GetAuthorizers ${api.id}`, () => port.getAuthorizers(api.id, position));
    authorizers.push(...page.items);
    position = page.position && page.position !== position ? page.position : undefined;
  } while (position);
  let ours = authorizers.find((a) => a.name === settings.authorizerName);

  if (!connected) {
    if (!ours?.id) return report;
    report.authorizerId = ours.id;
    for (const r of api.resources) {
      for (const m of r.methods) {
        if (m.authorizationType !== "CUSTOM" || m.authorizerId !== ours.id) continue;
        await throttle.call("general", `UpdateMethod ${api.id} ${m.httpMethod} ${r.path}`, () =>
          port.updateMethod(api.id, r.id, m.httpMethod, [{ op: "replace", path: "/authorizationType", value: "NONE" }]),
        );
        report.detached++;
      }
    }
    return report;
  }

  const uri = settings.functionArn ? authorizerUri(settings.functionArn) : null;
  if (!ours) {
    if (!uri) {
      log.error("cannot create the API Gateway authorizer: the function ARN is unknown", { rest_api_id: api.id });
      return report;
    }
    ours = await throttle.call("general", `CreateAuthorizer ${api.id}`, () =>
      port.createAuthorizer({ restApiId: api.id, name: settings.authorizerName, authorizerUri: uri, identitySource: identitySourceFor(settings.ttlSeconds), ttlSeconds: settings.ttlSeconds }),
    );
    report.createdAuthorizer = true;
    log.info("created the API Gateway authorizer", { rest_api_id: api.id, authorizer_id: ours.id, name: settings.authorizerName });
  } else {
    const ops: PatchOperation[] = [];
    if (uri && ours.authorizerUri !== uri) ops.push({ op: "replace", path: "/authorizerUri", value: uri });
    const sources = identitySourceFor(settings.ttlSeconds);
    if (normalizeSources(ours.identitySource) !== normalizeSources(sources)) ops.push({ op: "replace", path: "/identitySource", value: sources });
    if ((ours.authorizerResultTtlInSeconds ?? 300) !== settings.ttlSeconds) {
      ops.push({ op: "replace", path: "/authorizerResultTtlInSeconds", value: String(settings.ttlSeconds) });
    }
    if (ops.length > 0 && ours.id) {
      const id = ours.id;
      await throttle.call("general", `UpdateAuthorizer ${api.id}`, () => port.updateAuthorizer(api.id, id, ops));
      report.updatedAuthorizer = true;
      log.info("updated the API Gateway authorizer", { rest_api_id: api.id, authorizer_id: id, changed: ops.map((o) => o.path) });
    }
  }
  const id = ours.id;
  if (!id) return report;
  report.authorizerId = id;
  for (const r of api.resources) {
    for (const m of r.methods) {
      if (m.httpMethod === "OPTIONS") continue;
      if (m.authorizationType === "CUSTOM" && m.authorizerId === id) continue;
      if (m.authorizationType !== "NONE") {
        report.leftAlone++;
        continue;
      }
      await throttle.call("general", `UpdateMethod ${api.id} ${m.httpMethod} ${r.path}`, () =>
        port.updateMethod(api.id, r.id, m.httpMethod, [
          { op: "replace", path: "/authorizationType", value: "CUSTOM" },
          { op: "replace", path: "/authorizerId", value: id },
        ]),
      );
      report.attached++;
    }
  }
  if (report.leftAlone > 0) log.info("methods secured by another authorizer were left alone", { rest_api_id: api.id, methods: report.leftAlone });
  return report;
}
