import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { authorizerStacks, type AuthorizerStack } from "../db/schema";
import { canonicalFunctionArn } from "../../protocol/authorizer-uri";
import { GONE_STATUS } from "./stack/gone";

/**
 * Which Lambda function is a gateway's authorizer.
 *
 * Ownership of API Gateway authorizers is by URI (protocol/authorizer-uri.ts, the rule the
 * authorizer itself applies). The function comes from the gateway's stack as AWS reports it
 * (its `FunctionArn` output). A stack AWS reports deleted took its function with it: the
 * function is then *deleted*, not the gateway's running authorizer — API Gateway answers 500
 * to a method whose authorizer names it.
 */
export interface GatewayFunction {
  functionArn: string;
  region: string;
  accountId: string;
}

type StackFacts = Pick<AuthorizerStack, "outputs" | "region" | "accountId" | "status">;

function functionOf(stack: StackFacts | undefined): GatewayFunction | null {
  const canonical = stack?.outputs.FunctionArn ? canonicalFunctionArn(stack.outputs.FunctionArn) : null;
  return canonical ? { functionArn: canonical, region: stack!.region, accountId: stack!.accountId } : null;
}

/** Whether AWS reported the gateway's stack deleted: the function it had is gone with it. */
export function stackDeleted(stack: Pick<AuthorizerStack, "status"> | null | undefined): boolean {
  return stack?.status === GONE_STATUS;
}

async function stackFacts(db: Db, gatewayId: string): Promise<StackFacts | undefined> {
  const [stack] = await db
    .select({ outputs: authorizerStacks.outputs, region: authorizerStacks.region, accountId: authorizerStacks.accountId, status: authorizerStacks.status })
    .from(authorizerStacks)
    .where(eq(authorizerStacks.gatewayId, gatewayId));
  return stack;
}

/** The gateway's authorizer function from its stack record (null: no stack, or AWS has not reported it yet, or the stack was deleted). */
export async function gatewayFunction(db: Db, gatewayId: string): Promise<GatewayFunction | null> {
  const stack = await stackFacts(db, gatewayId);
  return stackDeleted(stack) ? null : functionOf(stack);
}

/** The function the gateway's stack had when AWS reported the stack deleted (null: none, or the stack was not deleted). */
export async function deletedGatewayFunction(db: Db, gatewayId: string): Promise<GatewayFunction | null> {
  const stack = await stackFacts(db, gatewayId);
  return stackDeleted(stack) ? functionOf(stack) : null;
}
