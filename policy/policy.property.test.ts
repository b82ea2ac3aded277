import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMPARATORS, compilePolicy, type Comparator, type Decision, type EvaluationInput, type RequestFacts } from "./index";
import { inputArb, ruleArb, validPolicyArb } from "./arbitraries";
import { globMatches, parseGlob } from "./glob";

// Generators: ./arbitraries.ts (shared with the authorizer's shadow-policy property test).

/** Replaces one node (chosen by `pick`) somewhere inside `value` with `replacement`. */
function mutate(value: unknown, pick: number, replacement: unknown): unknown {
  const nodes: { parent: Record<string | number, unknown>; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (v === null || typeof v !== "object") return;
    for (const k of Object.keys(v)) {
      nodes.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(k) : k });
      walk((v as Record<string, unknown>)[k]);
    }
  };
  const copy = structuredClone(value);
  walk(copy);
  if (nodes.length === 0) return replacement;
  const n = nodes[pick % nodes.length]!;
  n.parent[n.key] = replacement;
  return copy;
}

function expectDecisionShape(d: Decision): void {
  expect(typeof d.allowed).toBe("boolean");
  if (!d.allowed) {
    expect(Array.isArray(d.failures)).toBe(true);
    expect(d.failures.length).toBeGreaterThan(0);
    for (const f of d.failures) {
      expect(typeof f.validator).toBe("string");
      expect(typeof f.index).toBe("number");
      expect(typeof f.message).toBe("string");
    }
  }
}

// ---------------------------------------------------------------------------------------------

describe("property: compilePolicy never throws", () => {
  it("on arbitrary values", () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBigInt: true, withDate: true, withObjectString: true }),
        (def) => {
          const r = compilePolicy(def);
          expect(typeof r.ok).toBe("boolean");
          if (!r.ok) expect(r.error.issues.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("on arbitrary values in the validators slot", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withSparseArray: true }), (validators) => {
        expect(() => compilePolicy({ validators })).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });

  it("on mutated valid policies, and what still compiles evaluates without throwing", () => {
    fc.assert(
      fc.property(validPolicyArb, fc.nat(), fc.anything({ withNullPrototype: true }), inputArb, (policy, pick, replacement, input) => {
        const mutated = mutate(policy, pick, replacement);
        const r = compilePolicy(mutated);
        if (r.ok) expectDecisionShape(r.policy.evaluate(input));
        else expect(r.error.code).toBe("invalid_policy");
      }),
      { numRuns: 1500 },
    );
  });
});

describe("property: valid policies", () => {
  it("generated valid policies compile", () => {
    fc.assert(
      fc.property(validPolicyArb, (policy) => {
        const r = compilePolicy(policy);
        expect(r.ok ? null : r.error).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it("evaluate never throws on random inputs, including garbage", () => {
    fc.assert(
      fc.property(validPolicyArb, fc.oneof(inputArb, fc.anything() as fc.Arbitrary<EvaluationInput>), (policy, input) => {
        const r = compilePolicy(policy);
        expect(r.ok).toBe(true);
        if (r.ok) expectDecisionShape(r.policy.evaluate(input));
      }),
      { numRuns: 1500 },
    );
  });

  it("a policy containing a false validator never allows", () => {
    fc.assert(
      fc.property(validPolicyArb, fc.nat(), inputArb, (policy, at, input) => {
        const validators = [...policy.validators];
        const index = at % (validators.length + 1);
        validators.splice(index, 0, { name: "false" });
        const r = compilePolicy({ validators });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const d = r.policy.evaluate(input);
        expect(d.allowed).toBe(false);
        if (!d.allowed) expect(d.failures.some((f) => f.validator === "false" && f.index === index)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("the decision is the conjunction of the validators taken one at a time", () => {
    fc.assert(
      fc.property(validPolicyArb, inputArb, (policy, input) => {
        const all = compilePolicy(policy);
        if (!all.ok) return;
        const each = policy.validators.map((v) => {
          const r = compilePolicy({ validators: [v] });
          return r.ok && r.policy.evaluate(input).allowed;
        });
        expect(all.policy.evaluate(input).allowed).toBe(each.every(Boolean));
      }),
      { numRuns: 800 },
    );
  });

  it("a multi-valued header passes only if each of its values alone would", () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb("header"), { minLength: 1, maxLength: 3 }),
        fc.array(fc.constantFrom("a", "k1", "acme", "evil", "*", "application/json"), { minLength: 1, maxLength: 3 }),
        (fields, values) => {
          // Every rule targets the same header, which carries `values`.
          const rules = fields.map((f) => ({ ...f, field: "x-h" }));
          const r = compilePolicy({ validators: [{ name: "header", conf: { fields: rules } }] });
          if (!r.ok) return;
          const at = (headers: RequestFacts["headers"]) => r.policy.evaluate({ authnCtx: null, request: { method: "GET", path: "/", headers } }).allowed;
          const multi = at({ "X-H": values });
          const singles = values.map((v) => at({ "x-h": v }));
          if (multi) expect(singles.every(Boolean)).toBe(true);
          if (fields.every((x) => x.comparator !== "not_present" && x.comparator !== "present")) {
            expect(multi).toBe(singles.every(Boolean));
          }
        },
      ),
      { numRuns: 800 },
    );
  });
});

describe("property: malformed policies never compile, so never pass", () => {
  const malformations: fc.Arbitrary<(validators: unknown[]) => unknown> = fc.oneof(
    fc.string().filter((s) => !["true", "false", "identity-context", "header"].includes(s)).map((name) => (vs: unknown[]) => [...vs, { name }]),
    fc.string().filter((s) => !(COMPARATORS as readonly string[]).includes(s)).map((comparator) => (vs: unknown[]) => [
      ...vs,
      { name: "identity-context", conf: { fields: [{ field: "sub", comparator, value: "x" }] } },
    ]),
    fc.constantFrom<Comparator>("equals", "not_equals", "contains", "not_contains", "matches").map((comparator) => (vs: unknown[]) => [
      ...vs,
      { name: "header", conf: { fields: [{ field: "x-a", comparator }] } },
    ]),
    fc.constantFrom("", "a..b", ".a", "b.").map((field) => (vs: unknown[]) => [
      ...vs,
      { name: "identity-context", conf: { fields: [{ field, comparator: "present" }] } },
    ]),
    fc.constantFrom("(a)\\1", "(?=a)", "a**", "[z-a]", "(a", "\\b").map((value) => (vs: unknown[]) => [
      ...vs,
      { name: "identity-context", conf: { fields: [{ field: "sub", comparator: "matches", value }] } },
    ]),
    fc.constant(() => []),
    fc.anything().filter((v) => !Array.isArray(v)).map((v) => () => v),
  );

  it("any valid policy with one malformation is rejected", () => {
    fc.assert(
      fc.property(validPolicyArb, malformations, (policy, breakIt) => {
        const r = compilePolicy({ validators: breakIt(policy.validators) });
        expect(r.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("property: absent fields never pass", () => {
  const segment = fc.oneof(fc.constantFrom("a", "b", "0", "1", "constructor", "__proto__", "toString", "length"), fc.string({ minLength: 1, maxLength: 4 }).filter((s) => !s.includes(".") && !s.includes("\\")));
  const hasOwn = (o: unknown, k: string) => o !== null && typeof o === "object" && Object.prototype.hasOwnProperty.call(o, k);

  it("equals (and every comparator but not_present) on a random absent path denies", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("a", "b", "c"), fc.jsonValue({ maxDepth: 3 })),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<Comparator>("equals", "not_equals", "contains", "not_contains", "present", "matches"),
        fc.oneof(fc.constant("*"), fc.string({ maxLength: 3 }), fc.integer(), fc.boolean()),
        (ctx, segments, comparator, value) => {
          // Walk own properties only (what "present" means); keep only paths that are absent.
          let cur: unknown = ctx;
          for (const s of segments) {
            if (!hasOwn(cur, s) || (Array.isArray(cur) && !/^(0|[1-9]\d*)$/.test(s))) {
              cur = undefined;
              break;
            }
            cur = (cur as Record<string, unknown>)[s];
          }
          fc.pre(cur === undefined || cur === null);
          const v = comparator === "matches" ? ".*" : comparator === "not_equals" && value === "*" ? "x" : value;
          const r = compilePolicy({ validators: [{ name: "identity-context", conf: { fields: [{ field: segments.join("."), comparator, value: v }] } }] });
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.policy.evaluate({ authnCtx: ctx, request: { method: "GET", path: "/", headers: {} } }).allowed).toBe(false);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe("property: globs", () => {
  it("agree with an equivalent regular expression", () => {
    const toRegExp = (g: string) => {
      let out = "";
      for (let i = 0; i < g.length; i++) {
        const c = g[i]!;
        if (c === "\\" && (g[i + 1] === "*" || g[i + 1] === "\\" || g[i + 1] === "$")) out += `\\${g[++i]!}`;
        else if (c === "*") out += "[\\s\\S]*";
        else out += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      }
      return new RegExp(`^${out}$`);
    };
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", "*", "\\"), maxLength: 8 }),
        fc.string({ unit: fc.constantFrom("a", "b", "*", "\\"), maxLength: 10 }),
        (glob, s) => {
          const g = parseGlob(glob);
          const mine = g.kind === "any" ? true : g.kind === "exact" ? s === g.text : globMatches(g.parts, g.minLength, s);
          expect(mine).toBe(toRegExp(glob).test(s));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("an escaped string equals exactly itself", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (s, other) => {
        fc.pre(!s.startsWith("$"));
        const escaped = s.replace(/[\\*$]/g, "\\$&");
        const r = compilePolicy({ validators: [{ name: "identity-context", conf: { fields: [{ field: "v", comparator: "equals", value: escaped }] } }] });
        if (!r.ok) return; // e.g. a value that looks like a misspelled reference
        const at = (v: string) => r.policy.evaluate({ authnCtx: { v }, request: { method: "GET", path: "/", headers: {} } }).allowed;
        expect(at(s)).toBe(true);
        expect(at(other)).toBe(other === s);
      }),
      { numRuns: 1500 },
    );
  });
});
