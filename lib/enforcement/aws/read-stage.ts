import "server-only";
import {
  GetAuthorizersCommand,
  GetDeploymentCommand,
  GetExportCommand,
  GetResourcesCommand,
  GetStageCommand,
  type APIGatewayClient,
  type Authorizer,
  type Resource,
} from "@aws-sdk/client-api-gateway";
import { z } from "zod";
import { isAuthorizerOf } from "../../../protocol/authorizer-uri";
import { generalCall, type DeployOptions } from "../../aws/redeploy/deploy-stage";
import type { RegionLimits } from "../../aws/redeploy/limits";
import type { StageMethodState } from "../../db/schema";

/**
 * Reads what AWS really enforces on one REST API stage, within API Gateway's quotas:
 * - this gateway's API Gateway authorizers there (GetAuthorizers; ours = its URI names our function),
 * - every non-OPTIONS method now (GetResources with methods): attached to ours, to another, none,
 * - what the stage serves (GetStage → GetDeployment with `embed=apisummary`): the deployed
 *   `authorizationType` per path and method — what a request meets, whatever the methods say now;
 * - whose authorizer the stage serves (GetExport of the stage with the authorizers extension): the
 *   apisummary names no authorizer, and a stage deployed while another gateway's authorizer was
 *   attached is CUSTOM too, yet applies none of this gateway's policies.
 */
export interface StageRead {
  deploymentId: string | null;
  deployedAt: Date | null;
  authorizerIds: string[];
  authorizerTtlSeconds: number | null;
  methods: StageMethodState[];
}

export interface StageReadTarget {
  restApiId: string;
  stage: string;
  /** This gateway's authorizer function; null when unknown (then no authorizer counts as ours). */
  functionArn: string | null;
  /**
   * The function this gateway's stack had before AWS reported the stack deleted: a deployed
   * authorizer naming it is recorded as "gone" (API Gateway answers 500 there), not as another's.
   */
  deletedFunctionArn?: string | null;
}

export class StageGoneError extends Error {}

const MAX_PAGES = 50;

async function allPages<T>(fetchPage: (position?: string) => Promise<{ items?: T[]; position?: string }>): Promise<T[]> {
  const out: T[] = [];
  let position: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await fetchPage(position);
    out.push(...(r.items ?? []));
    if (!r.position || r.position === position) return out;
    position = r.position;
  }
  return out;
}

type ApiSummary = Record<string, Record<string, { authorizationType?: string }>>;

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotFoundException" || e.$metadata?.httpStatusCode === 404;
}

export function attachmentOf(authorizationType: string, authorizerId: string | null, ours: Set<string>): StageMethodState["attachment"] {
  if (authorizationType === "CUSTOM") return authorizerId && ours.has(authorizerId) ? "ours" : "foreign";
  if (authorizationType === "NONE") return "none";
  return "other";
}

type CurrentMethod = Omit<StageMethodState, "deployedAuthorizationType" | "attachment">;

/** Every non-OPTIONS method of the REST API now (GetResources with methods). */
async function readMethods(api: APIGatewayClient, limits: RegionLimits, opts: DeployOptions, restApiId: string): Promise<CurrentMethod[]> {
  const resources = await allPages<Resource>((position) =>
    generalCall(limits, opts, () => api.send(new GetResourcesCommand({ restApiId, embed: ["methods"], limit: 500, position })), "resources"),
  );
  const out: CurrentMethod[] = [];
  for (const r of resources) {
    if (typeof r.path !== "string") continue;
    for (const [verb, m] of Object.entries(r.resourceMethods ?? {})) {
      const method = (m.httpMethod ?? verb).toUpperCase();
      if (method === "OPTIONS") continue;
      out.push({ method, path: r.path, authorizationType: m.authorizationType ?? "NONE", authorizerId: m.authorizerId ?? null });
    }
  }
  return out.sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1));
}

/**
 * The methods now, each with whose authorizer it uses, and this function's authorizers. Methods
 * are read first: an authorizer exists before a method can name it, so one that an authorizer's
 * sync creates and attaches between the two reads is still listed and counted as ours.
 */
export async function readAttachedMethods(
  api: APIGatewayClient,
  limits: RegionLimits,
  opts: DeployOptions,
  restApiId: string,
  functionArn: string | null,
): Promise<{ authorizers: Authorizer[]; methods: Omit<StageMethodState, "deployedAuthorizationType">[] }> {
  const methods = await readMethods(api, limits, opts, restApiId);
  const authorizers = await readAuthorizers(api, limits, opts, restApiId, functionArn);
  const ours = new Set(authorizers.map((a) => a.id!));
  return { authorizers, methods: methods.map((m) => ({ ...m, attachment: attachmentOf(m.authorizationType, m.authorizerId, ours) })) };
}

async function readAuthorizers(api: APIGatewayClient, limits: RegionLimits, opts: DeployOptions, restApiId: string, functionArn: string | null): Promise<Authorizer[]> {
  const all = await allPages<Authorizer>((position) => generalCall(limits, opts, () => api.send(new GetAuthorizersCommand({ restApiId, limit: 500, position }))));
  return functionArn ? all.filter((a) => a.id && isAuthorizerOf(a, functionArn)) : [];
}

/** The deployed `authorizationType` per `METHOD path` of a deployment (GetDeployment apisummary). */
export async function readDeployedSummary(
  api: APIGatewayClient,
  limits: RegionLimits,
  opts: DeployOptions,
  restApiId: string,
  deploymentId: string,
): Promise<{ summary: Map<string, string>; createdAt: Date | null }> {
  const d = await generalCall(limits, opts, () => api.send(new GetDeploymentCommand({ restApiId, deploymentId, embed: ["apisummary"] })));
  const summary = new Map<string, string>();
  for (const [path, methods] of Object.entries((d.apiSummary ?? {}) as ApiSummary)) {
    for (const [verb, m] of Object.entries(methods ?? {})) summary.set(`${verb.toUpperCase()} ${path}`, m?.authorizationType ?? "NONE");
  }
  return { summary, createdAt: d.createdDate ?? null };
}

const exportSchema = z.object({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  components: z.object({ securitySchemes: z.record(z.string(), z.unknown()).optional() }).optional(),
  securityDefinitions: z.record(z.string(), z.unknown()).optional(),
});
const schemeSchema = z.object({ "x-amazon-apigateway-authorizer": z.object({ authorizerUri: z.string().optional() }).optional() });
const operationSchema = z.object({ security: z.array(z.record(z.string(), z.unknown())).optional() });

/** Per `METHOD path`, the function ARN-bearing authorizer URI the deployed stage runs (null: none). */
export async function readDeployedAuthorizers(
  api: APIGatewayClient,
  limits: RegionLimits,
  opts: DeployOptions,
  restApiId: string,
  stage: string,
): Promise<Map<string, string | null>> {
  const out = await generalCall(limits, opts, () =>
    api.send(new GetExportCommand({ restApiId, stageName: stage, exportType: "oas30", parameters: { extensions: "authorizers" }, accepts: "application/json" })),
  );
  const text = out.body ? Buffer.from(out.body).toString("utf8") : "{}";
  const doc = exportSchema.parse(JSON.parse(text));
  const schemes = doc.components?.securitySchemes ?? doc.securityDefinitions ?? {};
  const uriOf = (name: string): string | null => {
    const parsed = schemeSchema.safeParse(schemes[name]);
    return parsed.success ? (parsed.data["x-amazon-apigateway-authorizer"]?.authorizerUri ?? null) : null;
  };
  const result = new Map<string, string | null>();
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [verb, op] of Object.entries(ops)) {
      const parsed = operationSchema.safeParse(op);
      const names = parsed.success ? (parsed.data.security ?? []).flatMap((req) => Object.keys(req)) : [];
      result.set(`${verb.toUpperCase()} ${path}`, names.map(uriOf).find((u) => u !== null) ?? null);
    }
  }
  return result;
}

export async function readStage(api: APIGatewayClient, limits: RegionLimits, opts: DeployOptions, target: StageReadTarget): Promise<StageRead> {
  let deploymentId: string | null;
  try {
    const stage = await generalCall(limits, opts, () => api.send(new GetStageCommand({ restApiId: target.restApiId, stageName: target.stage })));
    deploymentId = stage.deploymentId ?? null;
  } catch (err) {
    if (isNotFound(err)) throw new StageGoneError(`The stage ${target.stage} of REST API ${target.restApiId} no longer exists in AWS.`);
    throw err;
  }
  const { authorizers, methods } = await readAttachedMethods(api, limits, opts, target.restApiId, target.functionArn);
  const deployed = deploymentId ? await readDeployedSummary(api, limits, opts, target.restApiId, deploymentId) : { summary: new Map<string, string>(), createdAt: null };
  const deployedUris = deploymentId ? await readDeployedAuthorizers(api, limits, opts, target.restApiId, target.stage) : new Map<string, string | null>();
  const whose = (key: string): StageMethodState["deployedAuthorizer"] => {
    const uri = deployedUris.get(key);
    if (!uri) return null;
    if (target.functionArn && isAuthorizerOf({ authorizerUri: uri }, target.functionArn)) return "ours";
    if (target.deletedFunctionArn && isAuthorizerOf({ authorizerUri: uri }, target.deletedFunctionArn)) return "gone";
    return "foreign";
  };
  return {
    deploymentId,
    deployedAt: deployed.createdAt,
    authorizerIds: authorizers.map((a) => a.id!).sort(),
    authorizerTtlSeconds: authorizers[0]?.authorizerResultTtlInSeconds ?? null,
    methods: methods.map((m) => {
      const key = `${m.method} ${m.path}`;
      const deployedAuthorizationType = deployed.summary.get(key) ?? null;
      return { ...m, deployedAuthorizationType, deployedAuthorizer: deployedAuthorizationType === "CUSTOM" ? whose(key) : null };
    }),
  };
}
