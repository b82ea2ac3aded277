/**
 * Time as code that waits sees it: the console's redeploy queue and enforcement reads, the
 * authorizer's sync, the token buckets. One shape everywhere, so a test or a benchmark hands the
 * same fake or scaled clock to every part it drives. Written by hand: two functions over the
 * platform's own timers; fake-timer libraries (vitest's) replace those timers underneath it.
 * Pure: no platform or project imports (Date, performance and setTimeout are globals in Node and
 * browsers alike).
 */
export interface Clock {
  /** Milliseconds since the epoch (or since a scaled clock's origin, moved `factor` times faster). */
  now(): number;
  /** Resolves after `ms` of this clock's time (at once for 0 or less). */
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * A clock running `factor` times faster than real time: `sleep(5000)` takes 5000/factor real ms,
 * and `now()` advances `factor` ms per real ms (benchmarks and model tests: AWS's 5-second
 * spacing runs in milliseconds).
 */
export function scaledClock(factor: number): Clock {
  const origin = performance.now();
  const wallOrigin = Date.now();
  return {
    now: () => wallOrigin + (performance.now() - origin) * factor,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / factor))),
  };
}
