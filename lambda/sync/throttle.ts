import { AwsSyncError } from "../errors";

/**
 * Staying within API Gateway's control-plane quotas (docs/aws-rules.md): GetResources 5 every 2 s,
 * everything else 10 per second with a burst of 40, shared by the whole account — so the sync
 * paces itself with token buckets instead of bursting into 429s, and when a call is throttled
 * anyway (`TooManyRequestsException`), it waits `retryAfterSeconds` (or an exponential backoff)
 * and retries, as long as the invocation's deadline allows.
 */
export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.at = now();
  }

  /** Milliseconds to wait before one call may go (0: go now); takes the token. */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.ratePerSecond);
    this.at = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
  }
}

export interface CallPolicy {
  deadline: number;
  now?: () => number;
  sleep?: Sleep;
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
  private readonly resources: TokenBucket;
  private readonly general: TokenBucket;

  constructor(private readonly policy: CallPolicy) {
    const now = policy.now ?? Date.now;
    this.resources = new TokenBucket(2.5, 5, now);
    this.general = new TokenBucket(10, 40, now);
  }

  /** Runs one control-plane call within the quotas, retrying throttled attempts. */
  async call<T>(kind: "resources" | "general", what: string, fn: () => Promise<T>): Promise<T> {
    const now = this.policy.now ?? Date.now;
    const sleep = this.policy.sleep ?? realSleep;
    const maxAttempts = this.policy.maxAttempts ?? 6;
    for (let attempt = 0; ; attempt++) {
      const wait = (kind === "resources" ? this.resources : this.general).reserve();
      if (wait > 0) {
        if (now() + wait > this.policy.deadline) throw new AwsSyncError(`${what}: out of time waiting for the API Gateway quota`, { status: 429 });
        await sleep(wait);
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
        if (attempt + 1 >= maxAttempts || now() + backoff > this.policy.deadline) {
          throw new AwsSyncError(`${what} was throttled (TooManyRequestsException) and the retries ran out`, { status: 429, cause: err });
        }
        await sleep(backoff);
      }
    }
  }
}
