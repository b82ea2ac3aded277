import { realClock, type Clock } from "../../protocol/clock";
import { TokenBucket } from "../../protocol/token-bucket";
import type { GatewayRequestEvent } from "../../protocol/decision-events";
import type { Logger } from "../log";

/**
 * Decision events on their way to `POST …/gateways/requests`, off the decision path.
 *
 * - `add` only appends to a bounded queue; when full the oldest event is dropped and counted.
 *   The bound is `maxQueue` (1,000) but never more than two seconds of the budget
 *   (2 × `events_per_second`, at least 10): a push sends at most one second's worth, so older
 *   events could only be overwritten later — and each one held keeps its request and claims alive,
 *   which under load made garbage collection copy thousands of them (bench/authorizer.bench.ts).
 * - `flushSoon` (called after each decision) starts at most one push at a time, at most one per
 *   second, and never more events than the `events_per_second` budget allows (a token bucket
 *   refilled at that rate, holding at most one second's worth). It is never awaited by a
 *   decision; a push still in flight when the function freezes resumes on the next invocation.
 * - `drain` (scheduled invocations) waits for the queue to empty within a deadline.
 * A failed push is logged and its events dropped (counted): analytics never retries into a loop.
 */
/**
 * `T` is what a decision leaves behind; it becomes an event (GatewayRequestEvent,
 * protocol/decision-events.ts) only in `push`, i.e. only for
 * the events actually sent — under load most are dropped, and building them would be wasted.
 */
export interface AnalyticsOptions<T> {
  push: (items: T[]) => Promise<void>;
  log: Logger;
  maxQueue?: number;
  maxBatch?: number;
  clock?: Clock;
}

/** A fixed-capacity FIFO that overwrites its oldest entry: O(1) per decision, whatever the load. */
class Ring<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  length = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  /** Appends, keeping at most `limit` (≤ capacity) entries; returns how many old ones were dropped. */
  push(item: T, limit = this.capacity): number {
    let dropped = 0;
    while (this.length >= Math.min(limit, this.capacity)) {
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.length--;
      dropped++;
    }
    this.items[(this.head + this.length) % this.capacity] = item;
    this.length++;
    return dropped;
  }

  /** Removes and returns the `n` oldest entries. */
  take(n: number): T[] {
    const out: T[] = [];
    for (let i = 0; i < n && this.length > 0; i++) {
      out.push(this.items[this.head]!);
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.length--;
    }
    return out;
  }
}

export class AnalyticsQueue<T = GatewayRequestEvent> {
  private readonly queue: Ring<T>;
  private inflight: Promise<void> | null = null;
  /** The push budget: eventsPerSecond, holding one second's worth, empty at start. */
  private readonly budget: TokenBucket;
  private lastPush = Number.NEGATIVE_INFINITY;
  private readonly clock: Clock;
  eventsPerSecond = 0;
  enabled = true;
  readonly counters = { queued: 0, pushed: 0, dropped: 0, failed: 0 };

  constructor(private readonly opts: AnalyticsOptions<T>) {
    this.clock = opts.clock ?? realClock;
    this.budget = new TokenBucket({ perSecond: 0, burst: 0 }, this.clock.now(), 0);
    this.queue = new Ring(opts.maxQueue ?? 1000);
  }

  get pending(): number {
    return this.queue.length;
  }

  add(event: T): void {
    if (!this.enabled || this.eventsPerSecond <= 0) return;
    this.counters.queued++;
    this.counters.dropped += this.queue.push(event, Math.max(10, 2 * Math.ceil(this.eventsPerSecond)));
  }

  /** Starts a push when one is due; returns at once. */
  flushSoon(): void {
    if (this.inflight || this.queue.length === 0 || this.clock.now() - this.lastPush < 1000) return;
    const batch = this.take();
    if (batch.length === 0) return;
    this.lastPush = this.clock.now();
    this.inflight = this.send(batch).finally(() => {
      this.inflight = null;
    });
  }

  /** Pushes until the queue is empty, the budget is spent or the deadline passes. */
  async drain(deadline: number): Promise<void> {
    while (this.clock.now() < deadline) {
      if (this.inflight) await this.inflight;
      if (this.queue.length === 0) return;
      const batch = this.take();
      if (batch.length === 0) {
        const wait = Math.min(1000, deadline - this.clock.now());
        if (wait <= 0) return;
        await this.clock.sleep(wait);
        continue;
      }
      this.lastPush = this.clock.now();
      this.inflight = this.send(batch).finally(() => {
        this.inflight = null;
      });
    }
  }

  private take(): T[] {
    const rate = this.eventsPerSecond;
    this.budget.rate = { perSecond: rate, burst: rate };
    const n = this.budget.takeUpTo(Math.min(this.queue.length, this.opts.maxBatch ?? 500), this.clock.now());
    return n > 0 ? this.queue.take(n) : [];
  }

  private async send(batch: T[]): Promise<void> {
    try {
      await this.opts.push(batch);
      this.counters.pushed += batch.length;
    } catch (err) {
      this.counters.failed += batch.length;
      this.opts.log.warn("failed to push decision events; they are dropped", {
        events: batch.length,
        reason: err instanceof Error ? err.message : String(err),
        ...this.counters,
      });
    }
  }
}
