import { scrubCredentials } from "../../protocol/credential-keys";
import type { Outcome } from "../decision/decide";
import type { AuthorizerRequest } from "../events/parse";
import type { DecisionEvent } from "./queue";

/**
 * A decision as the platform's analytics want it (`POST …/gateways/requests`): the API, the
 * result, why it failed, the authn context and client facts — never the token (the context is the
 * verified claims, without credential-like keys; the Authorization header is not copied).
 */
export interface DecisionRecord {
  req: AuthorizerRequest;
  outcome: Outcome;
  durationMs: number;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export function toDecisionEvent({ req, outcome, durationMs }: DecisionRecord): DecisionEvent {
  const { route } = outcome;
  const failure: NonNullable<DecisionEvent["result"]["failure"]> = outcome.failures.slice(0, 20).map((f) => ({
    validator: f.validator,
    message: f.message.slice(0, 1000),
    ...(f.field ? { details: f.field } : {}),
  }));
  if (outcome.tokenFailure && outcome.effect !== "Allow") failure.push({ validator: "token", message: outcome.tokenFailure });
  if (!route) failure.push({ validator: "routing", message: outcome.reason });
  const realIp = req.xRealIp ?? req.sourceIp;
  return {
    ...(route ? { api_id: route.id } : {}),
    duration_ms: round(durationMs),
    result: { result: outcome.effect === "Allow" ? "AUTHORIZED" : "UNAUTHORIZED", ...(failure.length ? { failure } : {}) },
    ...(outcome.claims ? { invocation_ctx: scrubCredentials(outcome.claims) as Record<string, unknown> } : {}),
    ...(req.userAgent ? { user_agent: req.userAgent.slice(0, 1000) } : {}),
    ...(req.xForwardedFor ? { x_forwarded_for: req.xForwardedFor.slice(0, 1000) } : {}),
    ...(realIp ? { x_real_ip: realIp.slice(0, 100) } : {}),
  };
}
