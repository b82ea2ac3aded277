import { describe, expect, it } from "vitest";
import { Logger } from "../log";
import type { ConfigurationFetch } from "../platform/system-api";
import { ConfigStore } from "./store";

const config = (n: number) => ({ apis: [], services: [], policies: [], events_per_second: n });

function harness() {
  const lines: Record<string, unknown>[] = [];
  const log = new Logger("trace", (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  const clock = { t: 1_000_000 };
  const calls: (string | null)[] = [];
  let next: () => Promise<ConfigurationFetch> = () => Promise.resolve({ status: 200, body: config(1), etag: '"1"' });
  const store = new ConfigStore({
    fetch: (etag) => {
      calls.push(etag);
      return next();
    },
    log,
    intervalMs: 5000,
    firstFetchTimeoutMs: 50,
    clock: { now: () => clock.t },
  });
  return { store, clock, calls, lines, setNext: (f: () => Promise<ConfigurationFetch>) => (next = f) };
}

describe("ConfigStore", () => {
  it("makes the first request wait for the first fetch", async () => {
    const h = harness();
    const c = await h.store.get();
    expect(c?.eventsPerSecond).toBe(1);
    expect(h.calls).toEqual([null]);
  });

  it("gives up after the first-fetch timeout, logs, and denies (null)", async () => {
    const h = harness();
    h.setNext(() => new Promise(() => {}));
    expect(await h.store.get()).toBeNull();
  });

  it("under steady traffic no request waits: the refresh starts in the background a tenth of the interval early, single-flight", async () => {
    const h = harness();
    await h.store.get();
    let release!: (v: ConfigurationFetch) => void;
    h.setNext(() => new Promise((r) => (release = r)));
    h.clock.t += 4600; // past interval − lead (5000 − 500), before the interval
    const started = performance.now();
    const a = await h.store.get();
    const b = await h.store.get();
    expect(performance.now() - started).toBeLessThan(20);
    expect(a?.eventsPerSecond).toBe(1);
    expect(b).toBe(a);
    expect(h.calls).toEqual([null, '"1"']); // one refresh, with If-None-Match
    release({ status: 200, body: config(2), etag: '"2"' });
    await h.store.refresh();
    expect((await h.store.get())?.eventsPerSecond).toBe(2);
  });

  it("an idle container's next request waits for the refresh and is answered from what the platform holds now", async () => {
    const h = harness();
    await h.store.get();
    h.setNext(() => Promise.resolve({ status: 200, body: config(2), etag: '"2"' }));
    h.clock.t += 60_000; // frozen for a minute: nothing refreshed meanwhile
    expect(h.store.ready()).toBeNull();
    expect((await h.store.get())?.eventsPerSecond).toBe(2);
    // A 304 confirms what is held just the same: fresh again for one interval.
    h.setNext(() => Promise.resolve({ status: 304 }));
    h.clock.t += 60_000;
    expect(h.store.ready()).toBeNull();
    expect((await h.store.get())?.eventsPerSecond).toBe(2);
    expect(h.store.ready()?.eventsPerSecond).toBe(2);
    expect(h.calls).toEqual([null, '"1"', '"2"']);
  });

  it("counts the interval from when the confirming fetch started, not from when its answer came", async () => {
    const h = harness();
    let release!: (v: ConfigurationFetch) => void;
    h.setNext(() => new Promise((r) => (release = r)));
    const first = h.store.get();
    h.clock.t += 4000; // the platform took 4 s to answer
    release({ status: 200, body: config(1), etag: '"1"' });
    await first;
    h.clock.t += 1000;
    expect(h.store.ready()).toBeNull(); // 5 s since the fetch started
  });

  it("past its interval with a refresh slower than the bound, waits at most firstFetchTimeoutMs and goes on with what is held", async () => {
    const h = harness();
    await h.store.get();
    h.setNext(() => new Promise(() => {}));
    h.clock.t += 60_000;
    const started = performance.now();
    expect((await h.store.get())?.eventsPerSecond).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it("while the platform fails, requests go on with the last good configuration without waiting", async () => {
    const h = harness();
    await h.store.get();
    h.setNext(() => Promise.reject(new Error("connect ECONNREFUSED")));
    h.clock.t += 60_000;
    expect((await h.store.get())?.eventsPerSecond).toBe(1); // the failed refresh it waited for
    h.setNext(() => new Promise(() => {}));
    h.clock.t += 6000;
    const started = performance.now();
    expect((await h.store.get())?.eventsPerSecond).toBe(1);
    expect(performance.now() - started).toBeLessThan(20);
  });

  it("keeps the last good configuration when the platform fails, and says so at warn", async () => {
    const h = harness();
    await h.store.get();
    h.setNext(() => Promise.reject(new Error("connect ECONNREFUSED")));
    h.clock.t += 6000;
    await h.store.refresh();
    expect((await h.store.get())?.eventsPerSecond).toBe(1);
    expect(h.lines.some((l) => l.level === "warn" && String(l.msg).includes("last good") && l.reason === "connect ECONNREFUSED")).toBe(true);
  });

  it("keeps the last good configuration when the platform sends garbage", async () => {
    const h = harness();
    await h.store.get();
    h.setNext(() => Promise.resolve({ status: 200, body: { apis: "nope" }, etag: '"x"' }));
    await h.store.refresh();
    expect((await h.store.get())?.eventsPerSecond).toBe(1);
    expect(h.store.lastError).toMatch(/malformed at apis/);
  });

  it("confirms on 304 and logs failed to get gateway configuration when nothing is held", async () => {
    const h = harness();
    await h.store.get();
    h.setNext(() => Promise.resolve({ status: 304 }));
    await h.store.refresh();
    expect(h.store.lastError).toBeNull();
    const cold = harness();
    cold.setNext(() => Promise.reject(new Error("down")));
    expect(await cold.store.get()).toBeNull();
    expect(cold.lines.some((l) => l.level === "error" && l.msg === "failed to get gateway configuration")).toBe(true);
    // A down platform is retried at most once a second by requests, not by every request.
    await cold.store.get();
    expect(cold.calls).toHaveLength(1);
    cold.clock.t += 1000;
    await cold.store.get();
    expect(cold.calls).toHaveLength(2);
  });
});
