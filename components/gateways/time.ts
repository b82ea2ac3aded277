/** Relative times of the gateway pages; their "now" is the page's shared clock (components/ui/now.ts: useNow). */
export function timeAgo(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return `${days} days ago`;
}

/** An authorizer that polled within this window counts as active (it polls every few seconds). */
export const ACTIVE_WINDOW_MS = 5 * 60_000;
