import { evaluateInvokePolicy } from "./iam-policy";

/**
 * Turns a Lambda authorizer's outcome into what API Gateway answers (docs/aws-rules.md):
 * error "Unauthorized" → 401; a Deny (or no Allow) → 403; anything else wrong → 500.
 */
export type AuthorizerOutcome =
  | { kind: "pass"; principalId: string; context: Record<string, string | number | boolean> }
  | { kind: "unauthorized" } // 401
  | { kind: "denied" } // 403
  | { kind: "error"; reason: string }; // 500

export type Invocation = { ok: true; result: unknown } | { ok: false; errorMessage: string; errorType?: string };

export function interpretAuthorizerAnswer(invocation: Invocation, methodArn: string): AuthorizerOutcome {
  if (!invocation.ok) {
    return invocation.errorMessage === "Unauthorized" ? { kind: "unauthorized" } : { kind: "error", reason: invocation.errorMessage };
  }
  const answer = invocation.result;
  if (!answer || typeof answer !== "object") return { kind: "error", reason: "authorizer answer is not an object" };
  const { principalId, policyDocument, context } = answer as { principalId?: unknown; policyDocument?: unknown; context?: unknown };
  if (typeof principalId !== "string" || principalId === "") return { kind: "error", reason: "principalId missing" };
  const flat: Record<string, string | number | boolean> = {};
  if (context !== undefined && context !== null) {
    if (typeof context !== "object" || Array.isArray(context)) return { kind: "error", reason: "context is not an object" };
    for (const [k, v] of Object.entries(context)) {
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
        return { kind: "error", reason: `context.${k} is not a string, number or boolean` };
      }
      flat[k] = v;
    }
  }
  const verdict = evaluateInvokePolicy(policyDocument, methodArn);
  if (verdict === "malformed") return { kind: "error", reason: "policyDocument is malformed" };
  if (verdict === "deny") return { kind: "denied" };
  return { kind: "pass", principalId, context: flat };
}
