import { scrubCredentials } from "../../protocol/credential-keys";
import type { EVENT_TEXT_LIMITS, GatewayRequestEvent, RequestEventFailure } from "../../protocol/decision-events";
import type { Outcome } from "../decision/decide";
import type { AuthorizerRequest } from "../events/parse";
import type { ValidatorFailure } from "../../policy";

/**
 * A decision as the platform's analytics want it (`POST …/gateways/requests`): the API, the
 * result, why it failed, the authn context and client facts — never the token (the context is the
 * verified claims, without credential-like keys; the Authorization header is not copied).
 * Ours: the shadow policy's result (`shadow`) and, for the console's replay of recorded inputs
 * through a draft policy, the request's method, path and header NAMES (`request`): no header
 * value, no query string (logs and events never carry them). The event's type and the console's
 * validator of it are protocol/decision-events.ts.
 */
export interface DecisionRecord {
  req: AuthorizerRequest;
  outcome: Outcome;
  durationMs: number;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

const MAX_FAILURES = 20;
const MAX_HEADER_NAMES = 100;
/** The console's limits, typed by them (a type import: the bundle does not take in its validator). */
const LIMITS: typeof EVENT_TEXT_LIMITS = { user_agent: 1000, x_forwarded_for: 1000, x_real_ip: 100, header_name: 256 };

function eventFailures(failures: readonly ValidatorFailure[]): RequestEventFailure[] {
  return failures.slice(0, MAX_FAILURES).map((f) => ({
    validator: f.validator,
    message: f.message.slice(0, 1000),
    ...(f.field ? { details: f.field } : {}),
  }));
}

/** Lower-case, distinct, at most 100; a name longer than 256 characters is left out rather than cut. */
function headerNames(headers: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const k in headers) {
    if (names.size >= MAX_HEADER_NAMES) break;
    if (k.length > 0 && k.length <= LIMITS.header_name) names.add(k.toLowerCase());
  }
  return [...names];
}

export function toDecisionEvent({ req, outcome, durationMs }: DecisionRecord): GatewayRequestEvent {
  const { route } = outcome;
  const failure = eventFailures(outcome.failures);
  if (outcome.tokenFailure && outcome.effect !== "Allow") failure.push({ validator: "token", message: outcome.tokenFailure });
  if (!route) failure.push({ validator: "routing", message: outcome.reason });
  const realIp = req.xRealIp ?? req.sourceIp;
  return {
    ...(route ? { api_id: route.id } : {}),
    duration_ms: round(durationMs),
    result: { result: outcome.effect === "Allow" ? "AUTHORIZED" : "UNAUTHORIZED", ...(failure.length ? { failure } : {}) },
    ...(outcome.claims ? { invocation_ctx: scrubCredentials(outcome.claims) as Record<string, unknown> } : {}),
    ...(req.userAgent ? { user_agent: req.userAgent.slice(0, LIMITS.user_agent) } : {}),
    ...(req.xForwardedFor ? { x_forwarded_for: req.xForwardedFor.slice(0, LIMITS.x_forwarded_for) } : {}),
    ...(realIp ? { x_real_ip: realIp.slice(0, LIMITS.x_real_ip) } : {}),
    ...(outcome.shadow
      ? {
          shadow: {
            policy_id: outcome.shadow.policyId,
            result: outcome.shadow.result,
            ...(outcome.shadow.failures.length ? { failure: eventFailures(outcome.shadow.failures) } : {}),
          },
        }
      : {}),
    request: { method: req.arn.verb, path: req.arn.path, header_names: headerNames(req.headers) },
  };
}
