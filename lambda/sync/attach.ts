import type { Authorizer, PatchOperation } from "@aws-sdk/client-api-gateway";
import { createHash } from "node:crypto";
import type { Logger } from "../log";
import type { ApiGatewayPort } from "./api-gateway";
import type { DiscoveredRestApi } from "./discover";
import type { Throttle } from "./throttle";
import { authorizerUri, namesFunction } from "../../protocol/authorizer-uri";

export { authorizerUri, namesFunction };

/**
 * Attaching this function as the REQUEST authorizer of a connected REST API, and detaching it
 * from one that is no longer connected.
 *
 * Ownership is by function, never by name. Several stacks (one per gateway) may run in the same
 * region against the same REST APIs, and a name (AWS_AUTHORIZER_NAME) is neither unique in API
 * Gateway nor proof of anything. An API Gateway authorizer belongs to the Lambda function its
 * `authorizerUri` names (`arn:…:apigateway:{region}:lambda:path/2015-03-31/functions/{fn}/invocations`,
 * compared case-sensitively with `authorizerUri()` of the invocation's function ARN, a `$LATEST`
 * qualifier ignored). *Ours* are the authorizers naming this function; the one named
 * AWS_AUTHORIZER_NAME is preferred if there are several.
 *
 * - Connected (some stage's group is bound to a service): ours is adopted whatever its name (its
 *   identity sources and TTL corrected if they drifted; the name is left as it is), or created
 *   if there is none. When an authorizer of another function already carries our name, ours is
 *   created as `{name}-{first 8 hex of sha256(function ARN)}` (deterministic, and humans can tell
 *   the two apart). Then every non-OPTIONS method with `authorizationType: NONE` gets `CUSTOM` +
 *   our authorizer id.
 * - Not connected: methods that use one of *our* authorizers go back to `NONE`. The authorizer
 *   itself stays (deleting it is not needed to stop enforcement and would churn ids).
 * - An authorizer of another function is never updated, reused or detached, and methods secured
 *   otherwise (another function's authorizer, AWS_IAM, Cognito) are never touched (`leftAlone`).
 * - Without a (valid) function ARN ownership cannot be proven: nothing is attached or detached.
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

/** `{name}-{first 8 hex of sha256(function ARN)}`, kept within the 128 characters a name may have. */
export function collisionFreeName(name: string, uri: string): string {
  const fn = /\/functions\/(.+)\/invocations$/.exec(uri)?.[1] ?? uri;
  const suffix = createHash("sha256").update(fn).digest("hex").slice(0, 8);
  return `${name.slice(0, 128 - suffix.length - 1)}-${suffix}`;
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
  const uri = settings.functionArn ? authorizerUri(settings.functionArn) : null;
  if (!uri) {
    // Which authorizers are ours cannot be told without our function's ARN.
    log.error("the function ARN is unknown: no authorizer attached or detached", { rest_api_id: api.id, connected });
    return report;
  }
  const authorizers: Authorizer[] = [];
  let position: string | undefined;
  do {
    const page = await throttle.call("general", `GetAuthorizers ${api.id}`, () => port.getAuthorizers(api.id, position));
    authorizers.push(...page.items);
    position = page.position && page.position !== position ? page.position : undefined;
  } while (position);
  const mine = authorizers.filter((a) => a.id && namesFunction(a.authorizerUri, uri));
  const ownIds = new Set(mine.map((a) => a.id!));
  const isOurs = (m: { authorizationType: string; authorizerId: string | null }) => m.authorizationType === "CUSTOM" && m.authorizerId !== null && ownIds.has(m.authorizerId);
  // The one to attach: a REQUEST authorizer of ours, the one with our name first (a TOKEN one
  // naming us — made by hand — still counts as ours, but cannot take REQUEST identity sources).
  const requestOnes = mine.filter((a) => (a.type ?? "REQUEST") === "REQUEST");
  let ours = requestOnes.find((a) => a.name === settings.authorizerName) ?? requestOnes[0];

  if (!connected) {
    report.authorizerId = ours?.id ?? null;
    for (const r of api.resources) {
      for (const m of r.methods) {
        if (!isOurs(m)) {
          if (m.httpMethod !== "OPTIONS" && m.authorizationType !== "NONE") report.leftAlone++;
          continue;
        }
        await throttle.call("general", `UpdateMethod ${api.id} ${m.httpMethod} ${r.path}`, () =>
          port.updateMethod(api.id, r.id, m.httpMethod, [{ op: "replace", path: "/authorizationType", value: "NONE" }]),
        );
        report.detached++;
      }
    }
    return report;
  }

  if (!ours) {
    // API Gateway allows duplicate names, but an authorizer of another function under ours would
    // leave humans unable to tell them apart.
    const foreignNamed = authorizers.some((a) => a.name === settings.authorizerName);
    const name = foreignNamed ? collisionFreeName(settings.authorizerName, uri) : settings.authorizerName;
    ours = await throttle.call("general", `CreateAuthorizer ${api.id}`, () =>
      port.createAuthorizer({ restApiId: api.id, name, authorizerUri: uri, identitySource: identitySourceFor(settings.ttlSeconds), ttlSeconds: settings.ttlSeconds }),
    );
    report.createdAuthorizer = true;
    if (ours.id) ownIds.add(ours.id);
    log.info("created the API Gateway authorizer", { rest_api_id: api.id, authorizer_id: ours.id, name, ...(foreignNamed ? { configured_name_taken: settings.authorizerName } : {}) });
  } else {
    // Ours by its URI: only a `$LATEST` qualifier can differ there.
    const ops: PatchOperation[] = [];
    if (ours.authorizerUri !== uri) ops.push({ op: "replace", path: "/authorizerUri", value: uri });
    const sources = identitySourceFor(settings.ttlSeconds);
    if (normalizeSources(ours.identitySource) !== normalizeSources(sources)) ops.push({ op: "replace", path: "/identitySource", value: sources });
    if ((ours.authorizerResultTtlInSeconds ?? 300) !== settings.ttlSeconds) {
      ops.push({ op: "replace", path: "/authorizerResultTtlInSeconds", value: String(settings.ttlSeconds) });
    }
    if (ops.length > 0 && ours.id) {
      const id = ours.id;
      await throttle.call("general", `UpdateAuthorizer ${api.id}`, () => port.updateAuthorizer(api.id, id, ops));
      report.updatedAuthorizer = true;
      log.info("updated the API Gateway authorizer", { rest_api_id: api.id, authorizer_id: id, name: ours.name, changed: ops.map((o) => o.path) });
    }
  }
  const id = ours.id;
  if (!id) return report;
  report.authorizerId = id;
  for (const r of api.resources) {
    for (const m of r.methods) {
      if (m.httpMethod === "OPTIONS") continue;
      if (isOurs(m)) continue;
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
  if (report.leftAlone > 0) log.info("methods secured otherwise (another function's authorizer, IAM, Cognito) were left alone", { rest_api_id: api.id, methods: report.leftAlone });
  return report;
}
