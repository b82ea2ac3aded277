import { describe, expect, it } from "vitest";
import { Introspector } from "./introspection";

describe("Introspector", () => {
  it("caches active answers for the token's remaining life and inactive ones briefly", async () => {
    const clock = { t: 1_000_000 };
    let calls = 0;
    const answers: Record<string, Record<string, unknown>> = {
      good: { active: true, sub: "u", exp: clock.t / 1000 + 60 },
      bad: { active: false },
    };
    const i = new Introspector(
      (token) => {
        calls++;
        return Promise.resolve(answers[token] ?? { active: false });
      },
      { clock: { now: () => clock.t }, negativeTtlMs: 10_000 },
    );
    expect(await i.introspect("good")).toEqual({ active: true, claims: { sub: "u", exp: clock.t / 1000 + 60 } });
    await i.introspect("good");
    expect(calls).toBe(1);
    clock.t += 61_000;
    await i.introspect("good");
    expect(calls).toBe(2);
    expect(await i.introspect("bad")).toEqual({ active: false });
    await i.introspect("bad");
    expect(calls).toBe(3);
    clock.t += 10_001;
    await i.introspect("bad");
    expect(calls).toBe(4);
  });

  it("is bounded and never caches a failed call", async () => {
    let fail = true;
    const i = new Introspector(() => (fail ? Promise.reject(new Error("down")) : Promise.resolve({ active: true, exp: Date.now() / 1000 + 600 })), {
      maxEntries: 3,
    });
    expect(await i.introspect("t")).toEqual({ error: "down" });
    expect(i.size).toBe(0);
    fail = false;
    for (const t of ["a", "b", "c", "d", "e"]) await i.introspect(t);
    expect(i.size).toBe(3);
  });
});
