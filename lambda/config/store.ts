import { realClock, type Clock } from "../../protocol/clock";
import type { Logger } from "../log";
import type { ConfigurationFetch } from "../platform/system-api";
import { compileConfiguration, type CompiledConfiguration } from "./compile";

/**
 * The configuration in force, and its background reload.
 *
 * - A request never waits on the network while a configuration is held: when the held one is
 *   older than the reload interval, a refresh is started (single-flight) and the request goes on
 *   with what is held.
 * - With nothing held (cold start), a request waits for the fetch, bounded by
 *   `firstFetchTimeoutMs`; past that it gets `null` and is denied. Retries are spaced by
 *   `min(interval, 1 s)` so a down platform is not hammered by every request.
 * - A failed refresh keeps the last good configuration (and says so at warn); a 304 confirms it.
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
   * The request path's fast lane: the held configuration (starting a background refresh when it
   * is due), or null when none is held and `get` must wait.
   */
  ready(): CompiledConfiguration | null {
    if (this.current && this.clock.now() - this.lastAttempt >= this.intervalMs) void this.refresh();
    return this.current;
  }

  /** For the request path: see the class comment. */
  async get(): Promise<CompiledConfiguration | null> {
    const now = this.clock.now();
    if (this.current) return this.ready();
    if (!this.inflight && now - this.lastAttempt >= Math.min(this.intervalMs, 1000)) void this.refresh();
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
    this.lastAttempt = this.clock.now();
    const { log } = this.opts;
    try {
      const res = await this.opts.fetch(this.current ? this.etag : null);
      if (res.status === 304) {
        this.lastSuccess = this.clock.now();
        this.lastError = null;
        log.trace("gateway configuration unchanged");
        return;
      }
      const compiled = compileConfiguration(res.body, (problem) => log.error("configuration problem", { problem }));
      if (!compiled.ok) throw new Error(compiled.error);
      this.current = compiled.config;
      this.etag = res.etag;
      this.lastSuccess = this.clock.now();
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
