import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { GetPolicyCommand } from "@aws-sdk/client-lambda";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { awsClients, type AwsClients } from "./aws";
import { interpretAuthorizerAnswer, type AuthorizerOutcome, type Invocation } from "./authorizer-result";
import { DeploymentStore } from "./deployments";
import { methodArn, proxyEvent, requestAuthorizerEvent, type IncomingRequest, type RouteFacts } from "./events";
import { FunctionRuntime } from "./functions";
import { identityKey } from "./identity-sources";
import { allowsApiGatewayInvoke } from "./invoke-permission";
import { matchResource } from "./match";
import { Scheduler } from "./scheduler";

/**
 * A local API Gateway data plane over the AWS emulator (development and tests only):
 * `http://127.0.0.1:{port}/restapis/{apiId}/{stage}/_user_request_/{path}`.
 */
export interface SandboxOptions {
  awsEndpoint: string;
  region?: string;
  port?: number;
  host?: string;
  /** How often scheduled events are delivered; 0 turns the schedule off (POST /_sandbox/schedule still works). */
  scheduleIntervalMs?: number;
  nodePath?: string;
  log?: (line: string) => void;
}

export interface Sandbox {
  url: string;
  port: number;
  functions: FunctionRuntime;
  deployments: DeploymentStore;
  scheduler: Scheduler;
  stop: () => Promise<void>;
}

const DEFAULT_TTL_SECONDS = 300;

interface CachedAnswer {
  until: number;
  invocation: Invocation;
}

/**
 * A stage's authorizer cache (API Gateway caches per stage). `flushes` is the stage's
 * FlushStageAuthorizersCache count the answers were cached under; when the emulator reports another
 * count the stage's answers are dropped.
 */
interface StageCache {
  flushes: number;
  answers: Map<string, CachedAnswer>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? Buffer.concat(chunks).toString("utf8") : null;
}

function incoming(req: IncomingMessage, url: URL, rest: string, body: string | null): IncomingRequest {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    (headers[name] ??= []).push(req.rawHeaders[i + 1]!);
  }
  const query: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path: `/${rest}`,
    headers,
    query,
    body,
    sourceIp: (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
  };
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const region = options.region ?? "us-east-1";
  const log = options.log ?? ((line: string) => console.log(`[sandbox] ${line}`));
  const aws: AwsClients = awsClients(options.awsEndpoint, region);
  const accountId = (await aws.sts.send(new GetCallerIdentityCommand({}))).Account ?? "123456789012";
  const functions = new FunctionRuntime({
    aws,
    awsEndpoint: options.awsEndpoint,
    region,
    nodePath: options.nodePath ?? path.join(process.cwd(), "node_modules"),
    log,
  });
  const deployments = new DeploymentStore(aws, options.awsEndpoint, log);
  const scheduler = new Scheduler(aws, functions, region, () => accountId, log);
  if ((options.scheduleIntervalMs ?? 60_000) > 0) scheduler.start(options.scheduleIntervalMs ?? 60_000);
  const cache = new Map<string, StageCache>(); // `${apiId}/${stage}`

  async function authorize(route: RouteFacts, req: IncomingRequest, authorizerId: string, snapshot: Awaited<ReturnType<DeploymentStore["snapshot"]>>): Promise<AuthorizerOutcome> {
    const authorizer = snapshot.authorizers.get(authorizerId);
    if (!authorizer?.authorizerUri) return { kind: "error", reason: `authorizer ${authorizerId} not found` };
    const functionArn = /functions\/(.+)\/invocations$/.exec(authorizer.authorizerUri)?.[1];
    if (!functionArn) return { kind: "error", reason: "authorizerUri names no function" };
    const arn = methodArn(route, req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, v[v.length - 1]!]));
    const query = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, v[v.length - 1]!]));
    const identity = identityKey(authorizer.identitySource ?? "method.request.header.Authorization", {
      headers,
      query,
      stageVariables: route.stageVariables ?? {},
      context: { httpMethod: req.method, resourcePath: route.resourcePath, resourceId: route.resourceId, stage: route.stage },
    });
    if (!identity.ok) return { kind: "unauthorized" }; // missing identity source: no invocation
    if (authorizer.type === "TOKEN" && authorizer.identityValidationExpression) {
      const token = headers[(authorizer.identitySource ?? "").replace("method.request.header.", "").toLowerCase()] ?? "";
      if (!new RegExp(`^(?:${authorizer.identityValidationExpression})$`).test(token)) return { kind: "unauthorized" };
    }
    const ttl = authorizer.authorizerResultTtlInSeconds ?? DEFAULT_TTL_SECONDS;
    const cacheKey = `${authorizerId}|${identity.key}`;
    // Read the stage's flush count before any cached answer is used or stored: an answer is only
    // reused while the count is the one it was cached under (exact after FlushStageAuthorizersCache).
    const flushes = ttl > 0 ? await deployments.authorizerCacheFlushes(route.apiId, route.stage) : null;
    let stageCache: StageCache | undefined;
    if (flushes !== null) {
      const stageKey = `${route.apiId}/${route.stage}`;
      stageCache = cache.get(stageKey);
      if (!stageCache || stageCache.flushes !== flushes) {
        stageCache = { flushes, answers: new Map() };
        cache.set(stageKey, stageCache);
      }
      const cached = stageCache.answers.get(cacheKey);
      if (cached && cached.until > Date.now()) return interpretAuthorizerAnswer(cached.invocation, arn);
      if (cached) stageCache.answers.delete(cacheKey);
    }

    let policy: string | undefined;
    try {
      policy = (await aws.lambda.send(new GetPolicyCommand({ FunctionName: functionArn }))).Policy;
    } catch {
      policy = undefined;
    }
    const sourceArn = `arn:aws:execute-api:${region}:${accountId}:${route.apiId}/authorizers/${authorizerId}`;
    if (!allowsApiGatewayInvoke(policy, sourceArn)) return { kind: "error", reason: "API Gateway may not invoke the authorizer function" };

    const event =
      authorizer.type === "TOKEN"
        ? { type: "TOKEN", authorizationToken: headers[(authorizer.identitySource ?? "").replace("method.request.header.", "").toLowerCase()], methodArn: arn }
        : requestAuthorizerEvent(route, req);
    const invocation = await functions.invoke(functionArn, event);
    const outcome = interpretAuthorizerAnswer(invocation, arn);
    // API Gateway caches policies (allow or deny), not 401s or errors.
    // An answer is stored only under the flush count read before the invocation; if a flush happened
    // meanwhile, the next request reads the new count and drops it.
    if (stageCache && (outcome.kind === "pass" || outcome.kind === "denied")) {
      stageCache.answers.set(cacheKey, { until: Date.now() + ttl * 1000, invocation });
    }
    return outcome;
  }

  async function dataPlane(req: IncomingMessage, res: ServerResponse, url: URL, apiId: string, stage: string, rest: string): Promise<void> {
    const served = await deployments.served(apiId, stage);
    if (!served) return send(res, 403, { message: "Forbidden" }, { "x-amzn-errortype": "ForbiddenException" });
    const request = incoming(req, url, rest, await readBody(req));
    const match = matchResource(served.snapshot.resources, request.path);
    const method = match && (match.resource.methods[request.method] ?? match.resource.methods.ANY);
    if (!match || !method) return send(res, 403, { message: "Missing Authentication Token" }, { "x-amzn-errortype": "MissingAuthenticationTokenException" });
    const route: RouteFacts = {
      accountId,
      region,
      apiId,
      stage,
      resourceId: match.resource.id,
      resourcePath: match.resource.path,
      pathParameters: match.pathParameters,
      stageVariables: Object.keys(served.variables).length ? served.variables : null,
    };
    let authorizerContext: Record<string, unknown> | null = null;
    if (method.authorizationType === "CUSTOM") {
      const started = Date.now();
      const outcome = method.authorizerId
        ? await authorize(route, request, method.authorizerId, served.snapshot)
        : ({ kind: "error", reason: "method has no authorizerId" } as const);
      if (outcome.kind === "unauthorized") return send(res, 401, { message: "Unauthorized" }, { "x-amzn-errortype": "UnauthorizedException" });
      if (outcome.kind === "denied") {
        return send(res, 403, { message: "User is not authorized to access this resource with an explicit deny" }, { "x-amzn-errortype": "AccessDeniedException" });
      }
      if (outcome.kind === "error") {
        log(`authorizer configuration error on ${apiId}/${stage} ${request.method} ${request.path}: ${outcome.reason}`);
        return send(res, 500, { message: null }, { "x-amzn-errortype": "AuthorizerConfigurationException" });
      }
      authorizerContext = { ...outcome.context, principalId: outcome.principalId, integrationLatency: Date.now() - started };
    }
    // The integration: a Lambda-proxy backend that echoes the event it received (as in the guide).
    send(res, 200, proxyEvent(route, request, authorizerContext), { "x-amzn-requestid": randomUUID() });
  }

  /**
   * `POST /_sandbox/invoke {"function", "payload", "invocationType"}`: Lambda's Invoke, which the
   * emulator forwards here. RequestResponse → 200 with the function's result, or with
   * `x-amz-function-error: Unhandled` and {errorMessage, errorType} when it threw; Event → 202 and
   * the function runs in the background; an unknown function → 404.
   */
  async function invokeEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let input: { function?: unknown; payload?: unknown; invocationType?: unknown };
    try {
      input = JSON.parse((await readBody(req)) ?? "") as typeof input;
    } catch {
      return send(res, 400, { message: 'body must be JSON {"function", "payload", "invocationType"}' });
    }
    const name = input.function;
    const invocationType = input.invocationType ?? "RequestResponse";
    if (typeof name !== "string" || name === "") return send(res, 400, { message: "function must name a function" });
    if (invocationType !== "RequestResponse" && invocationType !== "Event") {
      return send(res, 400, { message: "invocationType must be RequestResponse or Event" });
    }
    let functionArn: string;
    try {
      functionArn = await functions.resolve(name);
    } catch (err) {
      return send(res, 404, { errorType: "ResourceNotFoundException", message: (err as Error).message });
    }
    const payload = input.payload ?? {};
    if (invocationType === "Event") {
      void functions.invoke(functionArn, payload).then((inv) => {
        if (!inv.ok) log(`asynchronous invocation of ${functionArn} failed: ${inv.errorMessage}`);
      });
      res.writeHead(202);
      res.end();
      return;
    }
    const invocation = await functions.invoke(functionArn, payload);
    if (invocation.ok) return send(res, 200, invocation.result ?? null);
    return send(res, 200, { errorMessage: invocation.errorMessage, errorType: invocation.errorType ?? "Error" }, { "x-amz-function-error": "Unhandled" });
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    const handle = async () => {
      if (url.pathname === "/_sandbox/health") return send(res, 200, { status: "ok", accountId, region });
      if (url.pathname === "/_sandbox/schedule" && req.method === "POST") return send(res, 200, { delivered: await scheduler.tick() });
      if (url.pathname === "/_sandbox/invoke" && req.method === "POST") return invokeEndpoint(req, res);
      if (url.pathname === "/_sandbox/logs") return send(res, 200, { lines: functions.logsOf(url.searchParams.get("function") ?? "") });
      const m = /^\/restapis\/([^/]+)\/([^/]+)\/_user_request_\/?(.*)$/.exec(url.pathname);
      if (!m) return send(res, 404, { message: "Not found: use /restapis/{apiId}/{stage}/_user_request_/{path}" });
      return dataPlane(req, res, url, m[1]!, m[2]!, m[3]!);
    };
    handle().catch((err: unknown) => {
      log(`internal error: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) send(res, 500, { message: "Internal server error" });
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://${host}:${port}`,
    port,
    functions,
    deployments,
    scheduler,
    stop: async () => {
      scheduler.stop();
      functions.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
