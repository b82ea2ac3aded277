import type { Clock } from "./clock";

/**
 * A token bucket: `capacity` calls at once, refilled at `ratePerSecond`. `take()` waits for a
 * token; callers are served in order.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly capacity: number,
    readonly ratePerSecond: number,
    private readonly clock: Clock,
  ) {
    this.tokens = capacity;
    this.updatedAt = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = now;
  }

  /** Milliseconds until a token is available (0 when one is). */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }

  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) await this.clock.sleep(wait);
      this.tokens -= 1;
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** No token for the next `ms` (AWS said to slow down). */
  drain(ms: number): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 1 - (ms / 1000) * this.ratePerSecond);
  }
}

/**
 * At most one call per `intervalMs`, measured from the end of the previous call (its answer
 * proves AWS counted it before), so network jitter never brings two calls closer than AWS allows.
 */
export class IntervalPacer {
  private nextAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly intervalMs: number,
    private readonly clock: Clock,
    nextAt = 0,
  ) {
    this.nextAt = nextAt;
  }

  /** When the next call may start (clock ms). */
  get nextAllowedAt(): number {
    return this.nextAt;
  }

  /** Runs `call` in its slot; the next slot opens `intervalMs` after it settles. */
  run<T>(call: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(async () => {
      for (let wait = this.nextAt - this.clock.now(); wait > 0; wait = this.nextAt - this.clock.now()) await this.clock.sleep(wait);
      try {
        return await call();
      } finally {
        this.nextAt = Math.max(this.nextAt, this.clock.now() + this.intervalMs);
      }
    });
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** The next slot opens exactly `ms` from now (a throttled call did not count: AWS's retryAfterSeconds). */
  reschedule(ms: number): void {
    this.nextAt = this.clock.now() + ms;
  }

  /** No call before `ms` from now. */
  holdFor(ms: number): void {
    this.nextAt = Math.max(this.nextAt, this.clock.now() + ms);
  }
}
