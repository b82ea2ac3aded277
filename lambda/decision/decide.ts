import type { RequestFacts, ValidatorFailure } from "../../policy";
import { groupKey, type CompiledConfiguration, type Route } from "../config/compile";
import type { AuthorizerRequest } from "../events/parse";
import type { AuthResult, TokenFailure, TokenVerifier } from "../tokens/authenticate";
import { bearerToken } from "../tokens/bearer";
import { evaluateShadow, type ShadowOutcome } from "./shadow";

/**
 * One authorization decision, given a held configuration:
 *
 *   REST API + stage → the bound group's route table → the API (method + resource template)
 *   no API            → Allow only with ENFORCEMENT_ALLOW_UNKNOWN, else Deny
 *   no policy         → Allow (Unrestricted)
 *   broken policy     → Deny (fail closed)
 *   policy            → needs identity and the token is missing/malformed/expired/untrusted
 *                         → Unauthorized (401); else evaluate → Allow or Deny (403)
 *
 * A token is verified only when it can matter: for a policy, or to name the principal and inject
 * the context on an allowed request. A bad token on an Unrestricted API does not block it.
 *
 * An API with a shadow policy also gets its shadow result (shadow.ts), computed from the same
 * request facts and the same authentication result — never deciding anything: every branch
 * computes its effect, reason, claims and failures exactly as without a shadow policy.
 */
export type Outcome = {
  effect: "Allow" | "Deny" | "Unauthorized";
  /** Short machine reason, for logs and analytics. */
  reason: DecisionReason;
  route: Route | null;
  claims: Record<string, unknown> | null;
  failures: ValidatorFailure[];
  tokenFailure: TokenFailure | null;
  /** The API's shadow policy's result; null when the API has none (or no API matched). */
  shadow: ShadowOutcome | null;
};

/**
 * Why a decision came out as it did: the `reason` of the debug log's decision line, and the
 * analytics event's `routing` failure when no API matched (analytics/event.ts).
 */
export type DecisionReason =
  | "unknown_api_group" // no connected group for the REST API and stage: Deny
  | "unknown_api" // the group has no such method and resource: Deny
  | "unknown_api_allowed" // either of those, allowed by ENFORCEMENT_ALLOW_UNKNOWN
  | "unrestricted" // the API has no policy: Allow
  | "policy_invalid" // the policy is missing or does not compile: Deny (fail closed)
  | `token_${TokenFailure}` // the policy needs identity and the token is not valid: Unauthorized
  | "policy_passed"
  | "policy_failed";

/** Why the authorizer denied before any decision (authorizer.ts), in the same log field. */
export type EarlyDenialReason = "invalid_settings" | "malformed_event" | "no_configuration";

export interface DecisionInputs {
  config: CompiledConfiguration;
  verifier: TokenVerifier;
  allowUnknown: boolean;
}

function outcome(
  effect: Outcome["effect"],
  reason: DecisionReason,
  route: Route | null,
  auth: AuthResult | null,
  failures: ValidatorFailure[] = NO_FAILURES,
  shadow: ShadowOutcome | null = null,
): Outcome {
  return { effect, reason, route, claims: auth?.ok ? auth.claims : null, failures, tokenFailure: auth && !auth.ok ? auth.reason : null, shadow };
}

/** What policies see of the request (one object, shared by the enforced and the shadow policy). */
function requestFacts(req: AuthorizerRequest): RequestFacts {
  return { method: req.arn.verb, path: req.arn.path, headers: req.headers, query: req.query, ...(req.mtls ? { mtls: req.mtls } : {}) };
}

const NO_FAILURES: ValidatorFailure[] = [];

function authenticate(req: AuthorizerRequest, inputs: DecisionInputs): Promise<AuthResult> | AuthResult {
  const bearer = bearerToken(req.authorization);
  if (!bearer.ok) return { ok: false, reason: bearer.reason };
  return inputs.verifier.authenticate(bearer.token, inputs.config.issuers);
}

/** On allowed requests a token only names the principal and feeds the context: no token, no work. */
function authenticateIfPresent(req: AuthorizerRequest, inputs: DecisionInputs): Promise<AuthResult> | AuthResult | null {
  return req.authorization.length > 0 ? authenticate(req, inputs) : null;
}

/** Continues with the authentication result, without a promise when it is already there. */
function withAuth<A extends AuthResult | null>(auth: A | Promise<A>, next: (auth: A) => Outcome): Outcome | Promise<Outcome> {
  return auth instanceof Promise ? auth.then(next) : next(auth);
}

/**
 * Synchronous whenever nothing needs the network (configuration and keys held): the warm path
 * creates no promise. A promise when keys must be fetched or a token introspected.
 */
export function decide(req: AuthorizerRequest, inputs: DecisionInputs): Outcome | Promise<Outcome> {
  const table = inputs.config.groups.get(groupKey(req.arn.apiId, req.arn.stage));
  const route = table ? ((req.resource !== null ? table.byResource(req.arn.verb, req.resource) : undefined) ?? table.byPathMatch(req.arn.verb, req.arn.path)) : undefined;

  if (!route) {
    if (!inputs.allowUnknown) return outcome("Deny", table ? "unknown_api" : "unknown_api_group", null, null);
    return withAuth(authenticateIfPresent(req, inputs), (auth) => outcome("Allow", "unknown_api_allowed", null, auth));
  }
  const p = route.policy;
  const shadow = route.shadow;
  if (p.kind === "unrestricted") {
    return withAuth(authenticateIfPresent(req, inputs), (auth) =>
      outcome("Allow", "unrestricted", route, auth, NO_FAILURES, shadow ? evaluateShadow(shadow, auth, requestFacts(req)) : null),
    );
  }
  const resolved = p.slot.resolve();
  if (!resolved.ok) {
    const failures = [{ validator: "policy", index: -1, message: resolved.reason }];
    if (!shadow) return outcome("Deny", "policy_invalid", route, null, failures);
    // The answer stays the anonymous Deny it is without a shadow policy (no claims on it); the
    // token is only looked at so the shadow policy sees what it would see on a working API.
    return withAuth(authenticateIfPresent(req, inputs), (auth) => outcome("Deny", "policy_invalid", route, null, failures, evaluateShadow(shadow, auth, requestFacts(req))));
  }
  const policy = resolved.policy;

  return withAuth(authenticate(req, inputs), (auth) => {
    const request = requestFacts(req);
    const shadowOutcome = shadow ? evaluateShadow(shadow, auth, request) : null;
    if (!auth.ok && policy.needsIdentity) return outcome("Unauthorized", `token_${auth.reason}`, route, auth, NO_FAILURES, shadowOutcome);
    const decision = policy.evaluate({ authnCtx: auth.ok ? auth.claims : null, request });
    return decision.allowed
      ? outcome("Allow", "policy_passed", route, auth, NO_FAILURES, shadowOutcome)
      : outcome("Deny", "policy_failed", route, auth, decision.failures, shadowOutcome);
  });
}
