/**
 * A background job of the console process: `run` every `intervalMs` (the first time
 * `firstRunAfterMs` after start), never two runs at once (a slow run makes the next tick a no-op
 * rather than a pile-up), failures handed to `onError` and the loop kept going; the timers never
 * keep the process alive. One loop per `name` per process: kept on globalThis, so Next's dev
 * reloads and a second start() do not double it. Written by hand: setInterval plus a running
 * flag; job-queue libraries bring persistence and workers that these in-memory reads do not need.
 */
export interface BackgroundLoopOptions {
  intervalMs: number;
  firstRunAfterMs: number;
  run: () => Promise<unknown>;
  onError: (err: unknown) => void;
}

export interface BackgroundLoop {
  /** Runs the job now (unless it is running already). */
  kick(): void;
}

const globalForLoops = globalThis as unknown as { gatehouseBackgroundLoops?: Map<string, BackgroundLoop> };

/** Starts the loop named `name` unless it runs already; returns it either way. */
export function startBackgroundLoop(name: string, opts: BackgroundLoopOptions): BackgroundLoop {
  const loops = (globalForLoops.gatehouseBackgroundLoops ??= new Map<string, BackgroundLoop>());
  const running = loops.get(name);
  if (running) return running;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await opts.run();
    } catch (err) {
      opts.onError(err);
    } finally {
      busy = false;
    }
  };
  setInterval(() => void tick(), opts.intervalMs).unref?.();
  setTimeout(() => void tick(), opts.firstRunAfterMs).unref?.();
  const loop: BackgroundLoop = { kick: () => void tick() };
  loops.set(name, loop);
  return loop;
}

/** The loop named `name`, when it was started in this process. */
export function backgroundLoop(name: string): BackgroundLoop | undefined {
  return globalForLoops.gatehouseBackgroundLoops?.get(name);
}
