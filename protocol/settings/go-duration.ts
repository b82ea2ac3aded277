/**
 * Go's `time.ParseDuration`, the one duration parser of the console, its form and the authorizer:
 * the duration settings (protocol/settings/catalogue.ts) keep the syntax of Cloudentity's Go
 * authorizer. Written by hand because no npm package implements Go's grammar exactly (the
 * `ms`/`parse-duration` family accept spaces, words and unit-less numbers); it is small and ours.
 * The grammar: an optional sign, then one or more `<decimal><unit>` terms (`1h15m30.5s`, `.5s`,
 * `300ms`); units ns, us, µs, μs, ms, s, m, h; the bare `0` needs no unit. Anything else is an error
 * (no spaces, no unit-less numbers, no empty input), and so is a value beyond Go's int64 nanoseconds.
 */
export type DurationResult = { ok: true; ms: number } | { ok: false; error: string };

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  "\u00b5s": 1e3, // µ MICRO SIGN
  "\u03bcs": 1e3, // μ GREEK SMALL LETTER MU
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go rejects durations above 2^63-1 ns (about 292 years). */
const MAX_NS = 9_223_372_036_854_775_807;

export function parseGoDuration(input: string): DurationResult {
  const bad = (why: string): DurationResult => ({ ok: false, error: `invalid duration "${input}": ${why}` });
  let s = input;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return { ok: true, ms: 0 };
  if (s === "") return bad("empty");
  let totalNs = 0;
  while (s !== "") {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s);
    const whole = m?.[1] ?? "";
    const frac = m?.[2];
    if (whole === "" && (frac === undefined || frac === "")) return bad("expected a number");
    s = s.slice(m![0].length);
    const unit = /^[^\d.]+/.exec(s)?.[0];
    if (!unit) return bad("missing unit");
    const perUnit = UNIT_NS[unit];
    if (perUnit === undefined) return bad(`unknown unit "${unit}"`);
    s = s.slice(unit.length);
    const value = Number(`${whole === "" ? "0" : whole}.${frac ?? ""}`.replace(/\.$/, ""));
    totalNs += value * perUnit;
    if (!Number.isFinite(totalNs) || totalNs > MAX_NS) return bad("overflow");
  }
  return { ok: true, ms: (sign * totalNs) / 1e6 };
}

/**
 * The written form the stack template's AllowedPattern admits (and so the form the console stores,
 * as it becomes a stack parameter): Go's grammar without a sign, a bare `0`, a leading or trailing
 * dot or the µs spellings. Every such text is a Go duration, so it only narrows what
 * `parseGoDuration` reads; bounds are checked after parsing, so the pattern is a looser first gate.
 */
export const STACK_DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";
const STACK_DURATION = new RegExp(STACK_DURATION_PATTERN);

/** Milliseconds of a duration written in the stack's form, or null when it is not one. */
export function stackDurationMs(text: string): number | null {
  if (!STACK_DURATION.test(text)) return null;
  const d = parseGoDuration(text);
  return d.ok ? d.ms : null;
}
