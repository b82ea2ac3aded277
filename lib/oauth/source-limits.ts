import { RateLimiter } from "../api/rate-limit";
import { requestSource, UNKNOWN_SOURCE } from "../api/forwarded";
import { slowDown } from "./errors";

/**
 * Throughput limits of the token and introspection endpoints, beside the per-client-id failure
 * throttle (throttle.ts). Sized for a busy fleet: hundreds of Lambda instances of one gateway,
 * each asking for a token when it starts and every few minutes after, from shared AWS addresses.
 *
 * - Failed client authentications per source (the client address, lib/api/forwarded.ts): SOURCE_FAILURES.
 *   Past it, the source's failures are answered 429 instead of 401 (client-auth.ts); right
 *   credentials still succeed, so guessing from one address (or, without a trusted proxy, from
 *   anywhere) cannot lock out working gateways.
 * - All requests per source, when the source is a real address: SOURCE_REQUESTS.
 * - Issued tokens per client: CLIENT_TOKENS. Introspections per client: CLIENT_INTROSPECTIONS.
 */
export const SOURCE_FAILURES = { perSecond: 1, burst: 60 };
export const SOURCE_REQUESTS = { perSecond: 100, burst: 1000 };
export const CLIENT_TOKENS = { perSecond: 10, burst: 600 };
export const CLIENT_INTROSPECTIONS = { perSecond: 200, burst: 2000 };

const sourceFailures = new RateLimiter(SOURCE_FAILURES);
const sourceRequests = new RateLimiter(SOURCE_REQUESTS);
export const clientTokens = new RateLimiter(CLIENT_TOKENS);
export const clientIntrospections = new RateLimiter(CLIENT_INTROSPECTIONS);

/** 429 while the request's source (a real address only) is over SOURCE_REQUESTS; before the body is read. */
export function checkSource(req: Request, now = Date.now()): void {
  const source = requestSource(req.headers);
  const retryAfter = source === UNKNOWN_SOURCE ? 0 : sourceRequests.take(source, now);
  if (retryAfter > 0) throw slowDown(retryAfter, "Too many requests from this address");
}

/** Seconds until the source's failures are answered 401 again (0: now). */
export function sourceFailureRetryAfter(source: string, now = Date.now()): number {
  return sourceFailures.retryAfter(source, now);
}

export function recordSourceFailure(source: string, now = Date.now()): void {
  sourceFailures.spend(source, now);
}

/** For tests. */
export function resetSourceLimits(): void {
  for (const l of [sourceFailures, sourceRequests, clientTokens, clientIntrospections]) l.reset();
}
