import type { RequestFacts, ValidatorFailure } from "../../policy";
import type { ShadowResult } from "../../protocol/decision-events";
import type { PolicySlot } from "../config/policy-slot";
import type { AuthResult } from "../tokens/authenticate";

/**
 * The shadow policy of an API (issue 16, docs/protocol.md): evaluated on every decision for
 * that API with the request facts and authentication result the enforced decision already has —
 * no second token verification — and never deciding the answer. Its result only goes into the
 * Allow answer's context (`shadow_decision`), the decision event and the debug log.
 *
 *   the shadow policy is missing from the configuration or does not compile → "broken"
 *   it needs identity and there is no valid token                        → "deny" (it would answer 401)
 *   otherwise its own evaluation                                         → "allow" | "deny"
 *
 * Nothing here may throw into the decision: the engine never throws, and the guard below turns
 * anything unexpected into "broken" so that a shadow policy can never turn an answer into the
 * Deny of the handler's error path.
 */
export interface ShadowOutcome {
  policyId: string;
  result: ShadowResult;
  /** Why it would deny (its failing validators) or why it is broken; empty when it would allow. */
  failures: ValidatorFailure[];
}

const NO_FAILURES: ValidatorFailure[] = [];

/** `auth` null: the request carried no token (the enforced decision did not need to look for one). */
export function evaluateShadow(slot: PolicySlot, auth: AuthResult | null, request: RequestFacts): ShadowOutcome {
  try {
    const resolved = slot.resolve();
    if (!resolved.ok) return { policyId: slot.id, result: "broken", failures: [{ validator: "policy", index: -1, message: resolved.reason }] };
    const policy = resolved.policy;
    const claims = auth !== null && auth.ok ? auth.claims : null;
    if (claims === null && policy.needsIdentity) {
      return { policyId: slot.id, result: "deny", failures: [{ validator: "token", index: -1, message: auth === null ? "missing" : auth.ok ? "missing" : auth.reason }] };
    }
    const decision = policy.evaluate({ authnCtx: claims, request });
    return decision.allowed ? { policyId: slot.id, result: "allow", failures: NO_FAILURES } : { policyId: slot.id, result: "deny", failures: decision.failures };
  } catch (err) {
    return { policyId: slot.id, result: "broken", failures: [{ validator: "policy", index: -1, message: `the shadow policy could not be evaluated (${err instanceof Error ? err.name : "error"})` }] };
  }
}
