import { realClock, type Clock } from "../../protocol/clock";
import type { Logger } from "../log";
import type { ConfigurationFetch } from "../platform/system-api";
import { compileConfiguration, type CompiledConfiguration } from "./compile";

/**
 * The configuration in force, and its background reload.
 *
 * - What is held is only served while it was confirmed by the platform (a 200 or a 304) less than
 *   one reload interval ago, counted from when the confirming fetch started. That is what lets the
 *   console say a fetched change is live in every warm container one reload interval after it was
 *   first fetched: a container that sat idle (Lambda keeps idle containers for minutes or hours,
 *   frozen, so nothing refreshes meanwhile) would otherwise answer its next request from a
 *   configuration older than any change since.
 * - Under steady traffic no request waits: the refresh starts in the background (single-flight)
 *   a little before the interval runs out (a tenth of it, at most 1 s) and normally lands in time.
 *   A request that finds what is held past its interval (an idle container, or a refresh slower
 *   than the lead) waits for the refresh, bounded by `firstFetchTimeoutMs`.
 * - With nothing held (cold start), a request waits for the fetch, bounded the same way; past that
 *   it gets `null` and is denied. Retries are spaced by `min(interval, 1 s)` so a down platform is
 *   not hammered by every request.
 * - A failed refresh keeps the last good configuration (and says so at warn); while the platform
 *   fails, requests do not wait for it (each would pay the timeout) and go on with the last good
 *   one. A 304 confirms what is held.
 */
export interface ConfigStoreOptions {
  fetch: (etag: string | null) => Promise<ConfigurationFetch>;
  log: Logger;
  intervalMs: number;
  firstFetchTimeoutMs?: number;
  /** Only its time is read (protocol/clock.ts). */
  clock?: Pick<Clock, "now">;
  /** Called after a new configuration was installed (e.g. to apply the console's settings). */
  onInstall?: (config: CompiledConfiguration) => void;
}

export class ConfigStore {
  private current: CompiledConfiguration | null = null;
  private etag: string | null = null;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private lastSuccess = Number.NEGATIVE_INFINITY;
  /** When the fetch that last confirmed what is held started: the platform's answer is at least that new. */
  private confirmedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | null = null;
  private intervalMs: number;
  private readonly clock: Pick<Clock, "now">;
  /** Why the last attempt failed (null after a success). */
  lastError: string | null = null;

  constructor(private readonly opts: ConfigStoreOptions) {
    this.intervalMs = opts.intervalMs;
    this.clock = opts.clock ?? realClock;
  }

  held(): CompiledConfiguration | null {
    return this.current;
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
  }

  /**
   * The request path's fast lane: the held configuration while it is fresh enough to serve
   * (starting the background refresh when it is due), or null when `get` must wait: nothing held,
   * or what is held is past its reload interval.
   */
  ready(): CompiledConfiguration | null {
    if (!this.current) return null;
    const now = this.clock.now();
    if (now - this.lastAttempt >= this.intervalMs - Math.min(this.intervalMs / 10, 1000)) void this.refresh();
    // While the platform fails, the last good configuration is served without waiting (see above).
    return now - this.confirmedAt < this.intervalMs || this.lastError !== null ? this.current : null;
  }

  /** For the request path: see the class comment. */
  async get(): Promise<CompiledConfiguration | null> {
    const fresh = this.ready();
    if (fresh) return fresh;
    const now = this.clock.now();
    if (this.current) void this.refresh();
    else if (!this.inflight && now - this.lastAttempt >= Math.min(this.intervalMs, 1000)) void this.refresh();
    if (this.inflight) await withTimeout(this.inflight, this.opts.firstFetchTimeoutMs ?? 3000);
    return this.current;
  }

  /** Fetches now (joining a fetch already under way). Never rejects. */
  refresh(): Promise<void> {
    this.inflight ??= this.attempt().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async attempt(): Promise<void> {
    const startedAt = this.clock.now();
    this.lastAttempt = startedAt;
    const { log } = this.opts;
    try {
      const res = await this.opts.fetch(this.current ? this.etag : null);
      if (res.status === 304) {
        this.lastSuccess = this.clock.now();
        this.confirmedAt = startedAt;
        this.lastError = null;
        log.trace("gateway configuration unchanged");
        return;
      }
      const compiled = compileConfiguration(res.body, (problem) => log.error("configuration problem", { problem }));
      if (!compiled.ok) throw new Error(compiled.error);
      this.current = compiled.config;
      this.etag = res.etag;
      this.lastSuccess = this.clock.now();
      this.confirmedAt = startedAt;
      this.lastError = null;
      log.info("gateway configuration loaded", { ...compiled.config.stats, issuers: compiled.config.issuers.length });
      for (const problem of compiled.config.problems) log.error("configuration problem", { problem });
      this.opts.onInstall?.(compiled.config);
      // The remaining route tables, after the request that waited for this configuration.
      setImmediate(() => compiled.config.warm());
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.lastError = reason;
      if (this.current) {
        log.warn("failed to refresh gateway configuration; enforcing the last good one", {
          reason,
          age_ms: Math.round(this.clock.now() - this.lastSuccess),
        });
      } else {
        log.error("failed to get gateway configuration", { reason });
      }
    }
  }
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
