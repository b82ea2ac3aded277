import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { authorizerStacks } from "../db/schema";
import { canonicalFunctionArn } from "../../protocol/authorizer-uri";

/**
 * Which Lambda function is a gateway's authorizer.
 *
 * Ownership of API Gateway authorizers is by URI (protocol/authorizer-uri.ts, the rule the
 * authorizer itself applies). The function comes from the gateway's stack as AWS reports it
 * (its `FunctionArn` output).
 */
export interface GatewayFunction {
  functionArn: string;
  region: string;
  accountId: string;
}

/** The gateway's authorizer function from its stack record (null: no stack, or AWS has not reported it yet). */
export async function gatewayFunction(db: Db, gatewayId: string): Promise<GatewayFunction | null> {
  const [stack] = await db
    .select({ outputs: authorizerStacks.outputs, region: authorizerStacks.region, accountId: authorizerStacks.accountId, status: authorizerStacks.status })
    .from(authorizerStacks)
    .where(eq(authorizerStacks.gatewayId, gatewayId));
  const arn = stack?.outputs.FunctionArn;
  if (!stack || !arn || stack.status === "DELETE_COMPLETE") return null;
  const canonical = canonicalFunctionArn(arn);
  return canonical ? { functionArn: canonical, region: stack.region, accountId: stack.accountId } : null;
}
