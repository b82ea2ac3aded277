import { randomUUID } from "node:crypto";

/** The events API Gateway builds: the REQUEST authorizer event and the Lambda-proxy event. */
export interface IncomingRequest {
  method: string;
  path: string; // the path after the stage, e.g. "/pets/42"
  headers: Record<string, string[]>; // lower-cased names → values in order
  query: Record<string, string[]>;
  body: string | null;
  sourceIp: string;
}

export interface RouteFacts {
  accountId: string;
  region: string;
  apiId: string;
  stage: string;
  resourceId: string;
  resourcePath: string; // the template, e.g. "/pets/{petId}"
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
}

export function methodArn(route: RouteFacts, req: IncomingRequest): string {
  return `arn:aws:execute-api:${route.region}:${route.accountId}:${route.apiId}/${route.stage}/${req.method}/${req.path.replace(/^\/+/, "")}`;
}

function single(multi: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(multi)) if (v.length > 0) out[k] = v[v.length - 1]!;
  return out;
}

function requestContext(route: RouteFacts, req: IncomingRequest, requestId: string) {
  const now = new Date();
  return {
    resourceId: route.resourceId,
    resourcePath: route.resourcePath,
    httpMethod: req.method,
    extendedRequestId: requestId.slice(0, 16),
    requestTime: now.toUTCString(),
    path: `/${route.stage}${req.path}`,
    accountId: route.accountId,
    protocol: "HTTP/1.1",
    stage: route.stage,
    domainPrefix: route.apiId,
    requestTimeEpoch: now.getTime(),
    requestId,
    identity: { sourceIp: req.sourceIp, userAgent: req.headers["user-agent"]?.[0] ?? null },
    domainName: `${route.apiId}.execute-api.${route.region}.amazonaws.com`,
    apiId: route.apiId,
  };
}

export function requestAuthorizerEvent(route: RouteFacts, req: IncomingRequest, requestId = randomUUID()) {
  return {
    type: "REQUEST",
    methodArn: methodArn(route, req),
    resource: route.resourcePath,
    path: req.path,
    httpMethod: req.method,
    headers: single(req.headers),
    multiValueHeaders: req.headers,
    queryStringParameters: Object.keys(req.query).length ? single(req.query) : null,
    multiValueQueryStringParameters: Object.keys(req.query).length ? req.query : null,
    pathParameters: route.pathParameters,
    stageVariables: route.stageVariables,
    requestContext: requestContext(route, req, requestId),
  };
}

export function proxyEvent(
  route: RouteFacts,
  req: IncomingRequest,
  authorizer: Record<string, unknown> | null,
  requestId = randomUUID(),
) {
  return {
    resource: route.resourcePath,
    path: req.path,
    httpMethod: req.method,
    headers: Object.keys(req.headers).length ? single(req.headers) : null,
    multiValueHeaders: Object.keys(req.headers).length ? req.headers : null,
    queryStringParameters: Object.keys(req.query).length ? single(req.query) : null,
    multiValueQueryStringParameters: Object.keys(req.query).length ? req.query : null,
    pathParameters: route.pathParameters,
    stageVariables: route.stageVariables,
    requestContext: { ...requestContext(route, req, requestId), ...(authorizer ? { authorizer } : {}) },
    body: req.body,
    isBase64Encoded: false,
  };
}
