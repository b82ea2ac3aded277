import { beforeEach, describe, expect, it } from "vitest";
import { BURST_SECONDS, eventBudgetRetryAfter, resetEventBudgets, takeEventBudget } from "./events-rate";

describe("decision event budget", () => {
  beforeEach(() => resetEventBudgets());

  it("allows a burst of BURST_SECONDS at the rate, then refills at the rate", () => {
    const t0 = 5_000_000;
    expect(takeEventBudget("g", 2, 100, t0)).toBe(2 * BURST_SECONDS);
    expect(takeEventBudget("g", 2, 5, t0)).toBe(0);
    expect(eventBudgetRetryAfter("g", 2, t0)).toBe(1);
    expect(takeEventBudget("g", 2, 5, t0 + 1500)).toBe(3);
    expect(takeEventBudget("g", 2, 100, t0 + 1_000_000)).toBe(2 * BURST_SECONDS);
    expect(takeEventBudget("other", 2, 1, t0)).toBe(1);
  });
});
