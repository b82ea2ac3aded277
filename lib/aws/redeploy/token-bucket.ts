import type { Clock } from "../../../protocol/clock";
import { TokenBucket, type TokenRate } from "../../../protocol/token-bucket";

/**
 * The console's waiting side of a token bucket (the arithmetic is protocol/token-bucket.ts):
 * `take()` waits on the clock for a token, callers served in order, so concurrent redeploys and
 * enforcement reads of one region share its quota fairly.
 */
export class QueuedTokenBucket {
  private readonly bucket: TokenBucket;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly rate: TokenRate,
    private readonly clock: Clock,
  ) {
    this.bucket = new TokenBucket(rate, clock.now());
  }

  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      let now = this.clock.now();
      for (let wait = this.bucket.waitMs(now); wait > 0; wait = this.bucket.waitMs(now)) {
        await this.clock.sleep(wait);
        now = this.clock.now();
      }
      this.bucket.reserve(now);
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** No token for the next `ms` (AWS said to slow down). */
  drain(ms: number): void {
    this.bucket.hold(ms, this.clock.now());
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
