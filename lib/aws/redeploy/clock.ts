/**
 * Time as the redeploy queue sees it. The real clock in the console; tests use fake timers on
 * it; the benchmark uses a scaled clock so that AWS's 5-second spacing runs in milliseconds.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * A clock running `factor` times faster than real time: `sleep(5000)` takes 5000/factor real ms,
 * and `now()` advances `factor` ms per real ms.
 */
export function scaledClock(factor: number): Clock {
  const origin = performance.now();
  const wallOrigin = Date.now();
  return {
    now: () => wallOrigin + (performance.now() - origin) * factor,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / factor))),
  };
}
