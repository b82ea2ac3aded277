import { describe, expect, it } from "vitest";
import { realClock } from "../../protocol/clock";
import { Logger } from "../log";
import type { GatewayRequestEvent } from "../../protocol/decision-events";
import { AnalyticsQueue } from "./queue";

const ev = (i: number): GatewayRequestEvent => ({ api_id: String(i), duration_ms: 1, result: { result: "AUTHORIZED" } });

describe("AnalyticsQueue", () => {
  it("pushes within events_per_second, in the background, at most one push at a time", async () => {
    const clock = { t: 0 };
    const pushed: GatewayRequestEvent[][] = [];
    let release!: () => void;
    const q = new AnalyticsQueue({
      push: (events) => {
        pushed.push(events);
        return new Promise<void>((r) => (release = r));
      },
      log: new Logger("error", () => {}),
      clock: { ...realClock, now: () => clock.t },
    });
    q.eventsPerSecond = 5;
    for (let i = 0; i < 12; i++) q.add(ev(i));
    q.flushSoon(); // no budget yet (the bucket starts empty)
    expect(pushed).toHaveLength(0);
    clock.t = 1000;
    q.flushSoon();
    expect(pushed.map((b) => b.length)).toEqual([5]);
    clock.t = 3000;
    q.flushSoon(); // a push is still in flight
    expect(pushed).toHaveLength(1);
    release();
    await Promise.resolve();
    await Promise.resolve();
    q.flushSoon();
    expect(pushed.map((b) => b.length)).toEqual([5, 5]); // the bucket holds one second's worth
    expect(q.pending).toBe(0); // of the 12, the queue held two seconds of budget (10)
    expect(q.counters.dropped).toBe(2);
  });

  it("holds at most two seconds of the budget (at least 10): older events are dropped and counted", () => {
    const q = new AnalyticsQueue({ push: () => Promise.resolve(), log: new Logger("error", () => {}) });
    q.eventsPerSecond = 20;
    for (let i = 0; i < 100; i++) q.add(ev(i));
    expect(q.pending).toBe(40);
    expect(q.counters.dropped).toBe(60);
    q.eventsPerSecond = 1;
    q.add(ev(100));
    expect(q.pending).toBe(10);
  });

  it("drops the oldest events when full, counting them, and nothing when disabled", () => {
    const q = new AnalyticsQueue({ push: () => Promise.resolve(), log: new Logger("error", () => {}), maxQueue: 3 });
    q.eventsPerSecond = 10;
    for (let i = 0; i < 5; i++) q.add(ev(i));
    expect(q.pending).toBe(3);
    expect(q.counters.dropped).toBe(2);
    const off = new AnalyticsQueue({ push: () => Promise.resolve(), log: new Logger("error", () => {}) });
    off.eventsPerSecond = 10;
    off.enabled = false;
    off.add(ev(1));
    expect(off.pending).toBe(0);
  });

  it("drains within a deadline and survives a failing push", async () => {
    const lines: string[] = [];
    let t = 0;
    const q = new AnalyticsQueue({ push: () => Promise.reject(new Error("503")), log: new Logger("warn", (l) => lines.push(l)), clock: { ...realClock, now: () => (t += 600) } });
    q.eventsPerSecond = 100;
    for (let i = 0; i < 3; i++) q.add(ev(i));
    await q.drain(5000);
    expect(q.pending).toBe(0);
    expect(q.counters.failed).toBe(3);
    expect(lines.join()).toContain("failed to push decision events");
  });
});
