import { describe, expect, it } from "vitest";
import { parseGoDuration, STACK_DURATION_PATTERN, stackDurationMs } from "./go-duration";

const ms = (s: string) => {
  const r = parseGoDuration(s);
  if (!r.ok) throw new Error(r.error);
  return r.ms;
};

describe("parseGoDuration (Go time.ParseDuration)", () => {
  it.each([
    ["0", 0],
    ["5s", 5000],
    ["500ms", 500],
    ["1m", 60_000],
    ["1h", 3_600_000],
    ["1m30s", 90_000],
    ["1h15m30.5s", 4_530_500],
    ["1.5h", 5_400_000],
    [".5s", 500],
    ["5.s", 5000],
    ["+5s", 5000],
    ["-1.5m", -90_000],
    ["1000us", 1],
    ["1000\u00b5s", 1],
    ["1000\u03bcs", 1],
    ["1000000ns", 1],
    ["2h0m0s", 7_200_000],
  ])("%s → %d ms", (input, expected) => {
    expect(ms(input)).toBeCloseTo(expected, 9);
  });

  it.each(["", "5", "s", ".s", "1x", "5 s", " 5s", "5s ", "1.2.3s", "5S", "1e3s", "--5s", "-", "+", "0.0", "3000000h"])(
    "rejects %j",
    (input) => {
      const r = parseGoDuration(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(JSON.stringify(input));
    },
  );
});

describe("stackDurationMs (the stack template's form of a Go duration)", () => {
  it.each([
    ["5s", 5000],
    ["500ms", 500],
    ["1m30s", 90_000],
    ["1.5h", 5_400_000],
    ["100000us", 100],
  ])("%s → %d ms, as Go reads it", (input, expected) => {
    expect(stackDurationMs(input)).toBeCloseTo(expected, 9);
    expect(stackDurationMs(input)).toBe(ms(input));
    expect(new RegExp(STACK_DURATION_PATTERN).test(input)).toBe(true);
  });

  // Go reads these; the template's AllowedPattern refuses them, so the console does too.
  it.each(["0", "+5s", "-5s", ".5s", "5.s", "1000\u00b5s", "", "5", "5 s", "5sec"])("refuses %j", (input) => {
    expect(stackDurationMs(input)).toBeNull();
    expect(new RegExp(STACK_DURATION_PATTERN).test(input)).toBe(false);
  });
});
