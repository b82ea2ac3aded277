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
  it("reads what the template's AllowedPattern admits as Go does, and refuses the rest", () => {
    const pattern = new RegExp(STACK_DURATION_PATTERN);
    for (const input of ["5s", "500ms", "1m30s", "1.5h", "100000us", "2h0m0s"]) {
      expect(pattern.test(input)).toBe(true);
      expect(stackDurationMs(input)).toBe(ms(input));
    }
    // Go reads the first six; the template refuses them all, so the console does too.
    for (const input of ["0", "+5s", "-5s", ".5s", "5.s", "1000\u00b5s", "", "5", "5 s", "5sec"]) {
      expect(pattern.test(input)).toBe(false);
      expect(stackDurationMs(input)).toBeNull();
    }
  });
});
