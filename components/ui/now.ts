import { useSyncExternalStore } from "react";

/**
 * The time every relative time on screen ("3 min ago", "read 12 s ago") is computed from: one
 * timer per tick interval for the whole page, running while something shows a relative time, so
 * the times agree and move on together. 0 during server rendering (nothing time-dependent renders
 * then). Written by hand: React's useSyncExternalStore is the library part; the store is a timer
 * and a set of listeners.
 */
export const NOW_TICK_MS = 15_000;

interface Ticker {
  subscribe: (listener: () => void) => () => void;
  snapshot: () => number;
}

const tickers = new Map<number, Ticker>();

function tickerFor(tickMs: number): Ticker {
  let ticker = tickers.get(tickMs);
  if (ticker) return ticker;
  let current = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const listeners = new Set<() => void>();
  ticker = {
    subscribe: (listener) => {
      listeners.add(listener);
      if (!timer) {
        current = Date.now();
        timer = setInterval(() => {
          current = Date.now();
          for (const l of listeners) l();
        }, tickMs);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    snapshot: () => {
      if (current === 0) current = Date.now();
      return current;
    },
  };
  tickers.set(tickMs, ticker);
  return ticker;
}

/** Milliseconds since the epoch, updated every `tickMs`; 0 during server rendering. */
export function useNow(tickMs = NOW_TICK_MS): number {
  const ticker = tickerFor(tickMs);
  return useSyncExternalStore(ticker.subscribe, ticker.snapshot, () => 0);
}
