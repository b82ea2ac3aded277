import { CONTROL_PLANE_RATE, GET_RESOURCES_RATE } from "../../protocol/api-gateway-quotas";
import { realClock, type Clock } from "../../protocol/clock";
import { TokenBucket } from "../../protocol/token-bucket";
import { AwsSyncError } from "../errors";

/**
 * Staying within API Gateway's control-plane quotas (protocol/api-gateway-quotas.ts): GetResources 5
 * every 2 s, everything else 10 per second with a burst of 40, shared by the whole account — so the
 * sync paces itself with token buckets (protocol/token-bucket.ts) instead of bursting into 429s,
 * and when a call is throttled anyway (`TooManyRequestsException`), it waits `retryAfterSeconds`
 * (or an exponential backoff) and retries, as long as the invocation's deadline allows.
 */
export interface CallPolicy {
  deadline: number;
  clock?: Clock;
  maxAttempts?: number;
}

function isThrottle(err: unknown): boolean {
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return e?.name === "TooManyRequestsException" || e?.name === "ThrottlingException" || e?.$metadata?.httpStatusCode === 429;
}

function retryAfterMs(err: unknown, attempt: number): number {
  const seconds = Number((err as { retryAfterSeconds?: unknown }).retryAfterSeconds);
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  return Math.min(8000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

export class Throttle {
  private readonly clock: Clock;
  private readonly resources: TokenBucket;
  private readonly general: TokenBucket;

  constructor(private readonly policy: CallPolicy) {
    this.clock = policy.clock ?? realClock;
    this.resources = new TokenBucket(GET_RESOURCES_RATE, this.clock.now());
    this.general = new TokenBucket(CONTROL_PLANE_RATE, this.clock.now());
  }

  /** Runs one control-plane call within the quotas, retrying throttled attempts. */
  async call<T>(kind: "resources" | "general", what: string, fn: () => Promise<T>): Promise<T> {
    const { clock } = this;
    const maxAttempts = this.policy.maxAttempts ?? 6;
    for (let attempt = 0; ; attempt++) {
      const wait = (kind === "resources" ? this.resources : this.general).reserve(clock.now());
      if (wait > 0) {
        if (clock.now() + wait > this.policy.deadline) throw new AwsSyncError(`${what}: out of time waiting for the API Gateway quota`, { status: 429 });
        await clock.sleep(wait);
      }
      try {
        return await fn();
      } catch (err) {
        if (!isThrottle(err)) {
          const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 500;
          const name = (err as { name?: unknown }).name;
          throw new AwsSyncError(`${what} failed: ${typeof name === "string" ? name + ": " : ""}${err instanceof Error ? err.message : String(err)}`, { status, cause: err });
        }
        const backoff = retryAfterMs(err, attempt);
        if (attempt + 1 >= maxAttempts || clock.now() + backoff > this.policy.deadline) {
          throw new AwsSyncError(`${what} was throttled (TooManyRequestsException) and the retries ran out`, { status: 429, cause: err });
        }
        await clock.sleep(backoff);
      }
    }
  }
}
