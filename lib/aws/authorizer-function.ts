import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { authorizerStacks } from "../db/schema";

/**
 * Which Lambda function is a gateway's authorizer, and which API Gateway authorizers are its.
 *
 * An API Gateway authorizer belongs to the function its `authorizerUri` names
 * (`arn:…:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`);
 * its name is a free-text label that other stacks and tools may share, so it is never identity.
 * The function comes from the gateway's stack as AWS reports it (its `FunctionArn` output).
 */
export interface GatewayFunction {
  functionArn: string;
  region: string;
  accountId: string;
}

const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}|[A-Za-z0-9-]+):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/;

/** The function ARN without a `$LATEST` qualifier (the same function for API Gateway). */
export function canonicalFunctionArn(arn: string): string | null {
  const m = FUNCTION_ARN.exec(arn.trim());
  if (!m) return null;
  const [, partition, region, account, name, qualifier] = m;
  return `arn:${partition}:lambda:${region}:${account}:function:${name}${qualifier && qualifier !== "$LATEST" ? `:${qualifier}` : ""}`;
}

/** The function an authorizer URI invokes, or null when the URI is not a Lambda invocation URI. */
export function functionOfAuthorizerUri(uri: string | undefined | null): string | null {
  if (!uri) return null;
  const m = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/.exec(uri.trim());
  return m?.[1] ? canonicalFunctionArn(m[1]) : null;
}

/** Whether an API Gateway authorizer is this function's (by URI, never by name). */
export function isAuthorizerOf(authorizer: { authorizerUri?: string | null }, functionArn: string): boolean {
  const ours = canonicalFunctionArn(functionArn);
  return ours !== null && functionOfAuthorizerUri(authorizer.authorizerUri) === ours;
}

/** The gateway's authorizer function from its stack record (null: no stack, or AWS has not reported it yet). */
export async function gatewayFunction(db: Db, gatewayId: string): Promise<GatewayFunction | null> {
  const [stack] = await db
    .select({ outputs: authorizerStacks.outputs, region: authorizerStacks.region, accountId: authorizerStacks.accountId, status: authorizerStacks.status })
    .from(authorizerStacks)
    .where(eq(authorizerStacks.gatewayId, gatewayId));
  const arn = stack?.outputs.FunctionArn;
  if (!stack || !arn || /^DELETE_COMPLETE$/.test(stack.status)) return null;
  const canonical = canonicalFunctionArn(arn);
  return canonical ? { functionArn: canonical, region: stack.region, accountId: stack.accountId } : null;
}
