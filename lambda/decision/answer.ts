import type { AuthorizerRequest } from "../events/parse";
import type { Outcome } from "./decide";

/**
 * The IAM policy answer API Gateway expects from a Lambda authorizer (docs/aws-rules.md).
 *
 * Cache safety. API Gateway caches an answer under the authorizer's identity sources for its
 * TTL and re-checks every later request with the same key against the cached policy. With caching
 * on, the REQUEST authorizer the sync creates has the identity sources `Authorization,
 * context.httpMethod, context.resourcePath` (with TTL 0, nothing is cached and only the route
 * sources are used: see sync/attach.ts), so one cache entry only ever serves one token on one
 * method of one resource *template* — but the concrete path differs (`/pets/1`, `/pets/2` share
 * `/pets/{petId}`). So the statement names the template turned into a wildcard
 * (`…/GET/pets/*`), not the request's own method ARN: exactly the requests this entry can serve,
 * whatever their path parameters. TOKEN events have no template (their cache key is the token
 * alone): they get the request's method ARN, and a TOKEN authorizer must run with TTL 0.
 */
export type Effect = "Allow" | "Deny";
export type ContextValue = string | number | boolean;

export interface AuthorizerResponse {
  principalId: string;
  policyDocument: {
    Version: "2012-10-17";
    Statement: [{ Action: "execute-api:Invoke"; Effect: Effect; Resource: string[] }];
  };
  context?: Record<string, ContextValue>;
}

const MAX_ARN_LENGTH = 512;
const MAX_PRINCIPAL_LENGTH = 1024;

const wildcards = new Map<string, string>();

/** `/pets/{petId}/toys` → `/pets/*\/toys`; `/{proxy+}` → `/*` (memoized: a few hundred templates). */
export function templateWildcard(template: string): string {
  let w = wildcards.get(template);
  if (w === undefined) {
    w = template.replace(/\{[^/{}]+\}/g, "*");
    if (wildcards.size >= 2000) wildcards.clear();
    wildcards.set(template, w);
  }
  return w;
}

/** The resource the statement names (see the file comment). */
export function statementResource(req: AuthorizerRequest | null): string {
  if (!req) return "*"; // no usable ARN: only ever used in a Deny
  const { arn } = req;
  if (req.type !== "REQUEST" || req.resource === null) return req.methodArn;
  const base = `arn:${arn.partition}:execute-api:${arn.region}:${arn.account}:${arn.apiId}/${arn.stage}/${arn.verb}`;
  const full = `${base}${templateWildcard(req.resource)}`;
  return full.length <= MAX_ARN_LENGTH ? full : `${base}/*`;
}

export function principalOf(claims: Record<string, unknown> | null): string {
  const candidate = claims ? (claims.sub ?? claims.client_id) : undefined;
  const id = typeof candidate === "string" || typeof candidate === "number" ? String(candidate) : "";
  return id === "" ? "anonymous" : id.slice(0, MAX_PRINCIPAL_LENGTH);
}

export function buildAnswer(effect: Effect, resource: string, principalId: string, context?: Record<string, ContextValue>): AuthorizerResponse {
  const answer: AuthorizerResponse = {
    principalId,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: [resource] }],
    },
  };
  if (context && Object.keys(context).length > 0) answer.context = context;
  return answer;
}

/** `context.authnCtx`: base64 of the authn context's JSON (one string: context values must be primitives). */
export function injectedContext(claims: Record<string, unknown> | null): Record<string, ContextValue> | undefined {
  if (!claims) return undefined;
  return { authnCtx: Buffer.from(JSON.stringify(claims), "utf8").toString("base64") };
}

/**
 * A decision's answer; null for `Unauthorized` (the handler throws API Gateway's 401 error).
 * An Allow for an API with a shadow policy carries `context.shadow_decision` ("allow", "deny" or
 * "broken": a primitive, so access logs can record `$context.authorizer.shadow_decision`); the
 * shadow result touches nothing else of the answer.
 */
export function answerFor(req: AuthorizerRequest, outcome: Outcome, injectContext: boolean): AuthorizerResponse | null {
  if (outcome.effect === "Unauthorized") return null;
  let context = outcome.effect === "Allow" && injectContext ? injectedContext(outcome.claims) : undefined;
  if (outcome.effect === "Allow" && outcome.shadow) context = { ...context, shadow_decision: outcome.shadow.result };
  return buildAnswer(outcome.effect, statementResource(req), principalOf(outcome.claims), context);
}
