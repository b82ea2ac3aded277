import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authorizerUri } from "@/protocol/authorizer-uri";
import type { Clock } from "@/protocol/clock";

/**
 * A local stand-in for API Gateway's control plane that enforces AWS's quotas per account and
 * region: CreateDeployment at most once per 5 s, GetResources 5 per 2 s, every other call (every
 * GET the console makes: GetStage, GetAuthorizers, GetDeployment, GetDeployments, GetExport) 10 per
 * second with a burst of 40; beyond them it answers 429 TooManyRequestsException with
 * `Retry-After` (retryAfterSeconds), as AWS does. Time is the given clock's, so a scaled clock runs
 * minutes of AWS time in seconds. Written by hand: the emulators (moto) do not enforce quotas, and
 * the quota numbers are AWS's, restated here rather than imported from the console's own
 * protocol/api-gateway-quotas.ts, so a wrong number there shows here as 429s.
 *
 * Every REST API id names one API shaped as a launched gateway leaves it: `/` and `/pets`, with
 * `GET /pets` CUSTOM on one REQUEST authorizer whose authorizerUri invokes `functionArn` (and a
 * CORS `OPTIONS /pets` left NONE). A deployment snapshots the methods, as AWS's does: its
 * apisummary (GetDeployment embed=apisummary) and its stage's export (GetExport oas30 with the
 * authorizers extension) say what was published. Lists page with `limit` (default 25, at most 500)
 * and an opaque `position`.
 */
export interface StandIn {
  endpoint: string;
  deployments: { restApiId: string; stage: string; at: number }[];
  throttled: { createDeployment: number; getResources: number; other: number };
  /** Calls answered (not throttled), by operation. */
  answered: Record<string, number>;
  stop: () => Promise<void>;
}

export interface StandInOptions {
  /** The Lambda function the REST APIs' authorizer invokes (the bench gateway's, from its stack). */
  functionArn: string;
}

const DEPLOY_INTERVAL_MS = 5000;
const RATE = 10;
const BURST = 40;
const RESOURCES_RATE = 2.5;
const RESOURCES_BURST = 5;

const AUTHORIZER_ID = "auth01";
const AUTHORIZER_NAME = "gatehouse";

type MethodState = { httpMethod: string; authorizationType: "CUSTOM" | "NONE"; authorizerId?: string };
interface ResourceState {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  methods: MethodState[];
}
interface DeploymentState {
  id: string;
  description?: string;
  createdDate: number;
  /** The methods as they were when the deployment was made. */
  resources: ResourceState[];
}
interface RestApiState {
  resources: ResourceState[];
  authorizer: { id: string; name: string; type: "REQUEST"; authorizerUri: string; identitySource: string; authorizerResultTtlInSeconds: number };
  deployments: DeploymentState[];
  /** Stage name → the deployment it serves. */
  stages: Map<string, string>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function tooMany(res: ServerResponse, retryAfterSeconds: number): void {
  send(res, 429, { message: "Too Many Requests" }, { "x-amzn-errortype": "TooManyRequestsException", "retry-after": String(retryAfterSeconds) });
}

function notFound(res: ServerResponse, message: string): void {
  send(res, 404, { message }, { "x-amzn-errortype": "NotFoundException" });
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** A token bucket on the stand-in's clock: `take` spends one token or says how many seconds until one. */
function bucket(clock: Clock, rate: number, burst: number) {
  let tokens = burst;
  let at = clock.now();
  return (now: number): { ok: true } | { ok: false; retryAfterSeconds: number } => {
    tokens = Math.min(burst, tokens + ((now - at) / 1000) * rate);
    at = now;
    if (tokens < 1) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / rate)) };
    tokens -= 1;
    return { ok: true };
  };
}

/** One page of a list, as API Gateway's lists page: `{ item, position }`; null for a position it never gave. */
function page<T>(items: T[], url: URL): { item: T[]; position?: string } | null {
  const limit = Math.min(500, Math.max(1, Number(url.searchParams.get("limit") ?? 25) || 25));
  const position = url.searchParams.get("position");
  const start = position === null ? 0 : Number(position);
  if (!Number.isInteger(start) || start < 0 || start > items.length) return null;
  const end = start + limit;
  return end < items.length ? { item: items.slice(start, end), position: String(end) } : { item: items.slice(start) };
}

function methodJson(m: MethodState) {
  return { httpMethod: m.httpMethod, authorizationType: m.authorizationType, ...(m.authorizerId ? { authorizerId: m.authorizerId } : {}), apiKeyRequired: false };
}

/** GetDeployment's apisummary: per path and method, the deployed authorizationType. */
function apiSummary(d: DeploymentState) {
  return Object.fromEntries(
    d.resources
      .filter((r) => r.methods.length > 0)
      .map((r) => [r.path, Object.fromEntries(r.methods.map((m) => [m.httpMethod, { authorizationType: m.authorizationType, apiKeyRequired: false }]))]),
  );
}

/** GetExport oas30 with the authorizers extension: each operation's security names a scheme carrying the authorizer's URI. */
function exportDoc(restApiId: string, stage: string, api: RestApiState, d: DeploymentState) {
  const a = api.authorizer;
  return {
    openapi: "3.0.1",
    info: { title: restApiId, version: new Date(d.createdDate * 1000).toISOString() },
    servers: [{ url: `https://${restApiId}.execute-api.us-east-1.amazonaws.com/{basePath}`, variables: { basePath: { default: stage } } }],
    paths: Object.fromEntries(
      d.resources
        .filter((r) => r.methods.length > 0)
        .map((r) => [
          r.path,
          Object.fromEntries(
            r.methods.map((m) => [
              m.httpMethod.toLowerCase(),
              m.authorizationType === "CUSTOM" && m.authorizerId === a.id ? { security: [{ [a.name]: [] }], responses: {} } : { responses: {} },
            ]),
          ),
        ]),
    ),
    components: {
      securitySchemes: {
        [a.name]: {
          type: "apiKey",
          name: "Unused",
          in: "header",
          "x-amazon-apigateway-authtype": "custom",
          "x-amazon-apigateway-authorizer": {
            type: "request",
            authorizerUri: a.authorizerUri,
            identitySource: a.identitySource,
            authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
          },
        },
      },
    },
  };
}

export async function startStandIn(clock: Clock, options: StandInOptions): Promise<StandIn> {
  const uri = authorizerUri(options.functionArn);
  if (!uri) throw new Error(`Not a Lambda function ARN: ${options.functionArn}`);
  let lastDeployAt = -Infinity;
  const general = bucket(clock, RATE, BURST);
  const resourcesQuota = bucket(clock, RESOURCES_RATE, RESOURCES_BURST);
  const state: Omit<StandIn, "endpoint" | "stop"> = {
    deployments: [],
    throttled: { createDeployment: 0, getResources: 0, other: 0 },
    answered: {},
  };
  const answer = (operation: string) => (state.answered[operation] = (state.answered[operation] ?? 0) + 1);
  const apis = new Map<string, RestApiState>();
  let ids = 0;
  const newId = () => `d${(++ids).toString(36).padStart(5, "0")}`;

  const snapshot = (api: RestApiState, description: string | undefined, now: number): DeploymentState => {
    const d: DeploymentState = { id: newId(), description, createdDate: Math.floor(now / 1000), resources: structuredClone(api.resources) };
    api.deployments.push(d);
    return d;
  };

  /** The REST API of an id, made on first use as a launched gateway leaves it (with one earlier deployment its stages serve). */
  const restApi = (id: string, now: number): RestApiState => {
    let api = apis.get(id);
    if (!api) {
      api = {
        resources: [
          { id: "root00", path: "/", methods: [] },
          {
            id: "pets00",
            parentId: "root00",
            pathPart: "pets",
            path: "/pets",
            methods: [
              { httpMethod: "GET", authorizationType: "CUSTOM", authorizerId: AUTHORIZER_ID },
              { httpMethod: "OPTIONS", authorizationType: "NONE" },
            ],
          },
        ],
        authorizer: { id: AUTHORIZER_ID, name: AUTHORIZER_NAME, type: "REQUEST", authorizerUri: uri, identitySource: "context.httpMethod", authorizerResultTtlInSeconds: 0 },
        deployments: [],
        stages: new Map(),
      };
      apis.set(id, api);
      snapshot(api, "initial", now);
    }
    return api;
  };
  const servedBy = (api: RestApiState, stage: string): DeploymentState => {
    const id = api.stages.get(stage) ?? api.deployments[0]!.id;
    return api.deployments.find((d) => d.id === id)!;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://standin");
      const now = clock.now();
      const deploy = /^\/restapis\/([^/]+)\/deployments$/.exec(url.pathname);
      if (req.method === "POST" && deploy) {
        const input = await body(req);
        const wait = lastDeployAt + DEPLOY_INTERVAL_MS - now;
        if (wait > 0) {
          state.throttled.createDeployment++;
          return tooMany(res, Math.ceil(wait / 1000));
        }
        lastDeployAt = now;
        const restApiId = decodeURIComponent(deploy[1]!);
        const api = restApi(restApiId, now);
        const d = snapshot(api, typeof input.description === "string" ? input.description : undefined, now);
        if (typeof input.stageName === "string") api.stages.set(input.stageName, d.id);
        state.deployments.push({ restApiId, stage: String(input.stageName), at: now });
        answer("CreateDeployment");
        return send(res, 201, { id: d.id, description: d.description, createdDate: d.createdDate });
      }
      const resources = req.method === "GET" ? /^\/restapis\/([^/]+)\/resources$/.exec(url.pathname) : null;
      const quota = resources ? resourcesQuota(now) : general(now);
      if (!quota.ok) {
        if (resources) state.throttled.getResources++;
        else state.throttled.other++;
        return tooMany(res, quota.retryAfterSeconds);
      }
      if (req.method !== "GET") return notFound(res, `No route for ${req.method} ${url.pathname}`);
      if (resources) {
        const api = restApi(decodeURIComponent(resources[1]!), now);
        const embedMethods = url.searchParams.getAll("embed").some((e) => e.split(",").includes("methods"));
        const listed = api.resources.map((r) => ({
          id: r.id,
          ...(r.parentId ? { parentId: r.parentId, pathPart: r.pathPart } : {}),
          path: r.path,
          ...(r.methods.length > 0
            ? { resourceMethods: Object.fromEntries(r.methods.map((m) => [m.httpMethod, embedMethods ? methodJson(m) : {}])) }
            : {}),
        }));
        const p = page(listed, url);
        answer("GetResources");
        return p ? send(res, 200, p) : send(res, 400, { message: "Invalid position" }, { "x-amzn-errortype": "BadRequestException" });
      }
      const authorizers = /^\/restapis\/([^/]+)\/authorizers$/.exec(url.pathname);
      if (authorizers) {
        const p = page([restApi(decodeURIComponent(authorizers[1]!), now).authorizer], url);
        answer("GetAuthorizers");
        return p ? send(res, 200, p) : send(res, 400, { message: "Invalid position" }, { "x-amzn-errortype": "BadRequestException" });
      }
      const stage = /^\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(url.pathname);
      if (stage) {
        const name = decodeURIComponent(stage[2]!);
        answer("GetStage");
        return send(res, 200, { stageName: name, deploymentId: servedBy(restApi(decodeURIComponent(stage[1]!), now), name).id });
      }
      const exported = /^\/restapis\/([^/]+)\/stages\/([^/]+)\/exports\/([^/]+)$/.exec(url.pathname);
      if (exported) {
        const [restApiId, name, type] = [1, 2, 3].map((i) => decodeURIComponent(exported[i]!)) as [string, string, string];
        if (type !== "oas30") return send(res, 400, { message: `The stand-in exports oas30 only, not ${type}` }, { "x-amzn-errortype": "BadRequestException" });
        const api = restApi(restApiId, now);
        const withAuthorizers = (url.searchParams.get("extensions") ?? "").split(",").includes("authorizers");
        answer("GetExport");
        const doc = exportDoc(restApiId, name, api, servedBy(api, name));
        if (!withAuthorizers) for (const scheme of Object.values(doc.components.securitySchemes)) delete (scheme as Record<string, unknown>)["x-amazon-apigateway-authorizer"];
        return send(res, 200, doc, { "content-disposition": `attachment; filename="${restApiId}-${name}-oas30.json"` });
      }
      const oneDeployment = /^\/restapis\/([^/]+)\/deployments\/([^/]+)$/.exec(url.pathname);
      if (oneDeployment) {
        const api = restApi(decodeURIComponent(oneDeployment[1]!), now);
        const d = api.deployments.find((x) => x.id === decodeURIComponent(oneDeployment[2]!));
        if (!d) return notFound(res, "Invalid Deployment identifier specified");
        answer("GetDeployment");
        const embedSummary = url.searchParams.getAll("embed").some((e) => e.split(",").includes("apisummary"));
        return send(res, 200, { id: d.id, description: d.description, createdDate: d.createdDate, ...(embedSummary ? { apiSummary: apiSummary(d) } : {}) });
      }
      if (deploy) {
        const listed = restApi(decodeURIComponent(deploy[1]!), now).deployments.map((d) => ({ id: d.id, description: d.description, createdDate: d.createdDate }));
        const p = page(listed, url);
        answer("GetDeployments");
        return p ? send(res, 200, p) : send(res, 400, { message: "Invalid position" }, { "x-amzn-errortype": "BadRequestException" });
      }
      return notFound(res, `No route for ${req.method} ${url.pathname}`);
    })().catch((err: unknown) => send(res, 500, { message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    ...state,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
