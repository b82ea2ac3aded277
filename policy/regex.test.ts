import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRegex, MAX_SUBJECT_LENGTH, type CompiledRegex } from "./regex";

function re(pattern: string): CompiledRegex {
  const r = compileRegex(pattern);
  if (!r.ok) throw new Error(`expected ${pattern} to compile: ${r.message}`);
  return r.regex;
}

/** What JS says for an anchored match (safe here: small subjects, no pathological patterns). */
function js(pattern: string, subject: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(subject);
}

const PATTERNS: [string, string[]][] = [
  ["abc", ["abc", "ab", "abcd", "xabc", ""]],
  ["a.c", ["abc", "a\nc", "a\rc", "ac", "a\u2028c", "aéc"]],
  ["a*", ["", "a", "aaaa", "aab"]],
  ["a+", ["", "a", "aaa", "ba"]],
  ["a?b", ["b", "ab", "aab"]],
  ["a{3}", ["aa", "aaa", "aaaa"]],
  ["a{2,}", ["a", "aa", "aaaaaa"]],
  ["a{2,4}", ["a", "aa", "aaaa", "aaaaa"]],
  ["a{0}b", ["b", "ab"]],
  ["a{0,0}", ["", "a"]],
  ["(ab)+", ["ab", "abab", "aba", ""]],
  ["(?:ab|cd)*e", ["e", "abe", "cdabe", "abce"]],
  ["cat|dog", ["cat", "dog", "catdog", "ca"]],
  ["(a|ab)(c|bcd)(d*)", ["abcd", "acd", "abcdd", "ab"]],
  ["\\d+", ["0", "123", "12a", ""]],
  ["\\D\\W\\S", ["a !", "1 a", "a-x"]],
  ["\\w+@\\w+\\.com", ["bob@example.com", "bob@ex-ample.com", "@example.com"]],
  ["\\s*x\\s*", [" x ", "\tx\n", "x", "\u00a0x\ufeff", "yx"]],
  ["[a-z0-9_-]{3,16}", ["abc", "ab", "a-b_c9", "ABC", "a".repeat(17)]],
  ["[^a-c]+", ["xyz", "xaz", "déf"]],
  ["[\\d.]+", ["1.2.3", "1,2"]],
  ["[^\\d\\s]", ["a", "1", " "]],
  ["[\\]\\\\-]", ["]", "\\", "-", "a"]],
  ["[-a]", ["-", "a", "b"]],
  ["[a-]", ["-", "a"]],
  ["[.*+?]", [".", "*", "+", "?", "a"]],
  ["\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\/", [".*+?()[]{}|^$/", "x"]],
  ["\\x41\\u00e9", ["Aé", "A\u00e9", "Ae"]],
  ["\\t\\n\\r\\f\\v\\0", ["\t\n\r\f\v\0"]],
  ["^abc$", ["abc", "abcd"]],
  ["a^b", ["ab", "a^b"]],
  ["a$|b", ["a", "b", "ab"]],
  ["(^a|b)+", ["a", "ab", "abb", "ba"]],
  ["(a*)*", ["", "aaa", "b"]],
  ["(a*)+b", ["b", "aab", "aa"]],
  ["(a|b|)+c", ["c", "abc", "abac", "abd"]],
  ["a*?b+?c??", ["b", "aabbc", "aabbcc"]],
  ["(x+x+)+y", ["xxy", "xxxxy", "xxxx"]],
  ["urn:[a-z]+:(read|write|admin)", ["urn:pets:read", "urn:pets:delete", "urn::read"]],
  ["[A-Z][a-z]*( [A-Z][a-z]*)*", ["John Smith", "John smith", "J"]],
  ["日本+", ["日本", "日本本本", "日"]],
];

describe("regex: agrees with JS RegExp on safe patterns (anchored)", () => {
  const cases = PATTERNS.flatMap(([p, subjects]) => subjects.map((s) => [p, s] as const));
  it.each(cases)("/%s/ on %j", (pattern, subject) => {
    expect(re(pattern).test(subject)).toBe(js(pattern, subject));
  });

  it("agrees with JS RegExp on random patterns from the supported grammar", () => {
    const atom = fc.oneof(
      fc.constantFrom("a", "b", "c", ".", "\\d", "\\w", "\\s", "[ab]", "[^a]", "[a-c0-1]", "\\.", "0", " "),
    );
    const pattern: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        atom,
        fc.tuple(tie("node"), tie("node")).map(([x, y]) => x + y),
        fc.tuple(tie("node"), tie("node")).map(([x, y]) => `(?:${x}|${y})`),
        fc.tuple(tie("node"), fc.constantFrom("*", "+", "?", "{2}", "{0,2}", "{1,}", "*?")).map(([x, q]) => `(${x})${q}`),
      ),
    })).node;
    const subject = fc.string({ unit: fc.constantFrom("a", "b", "c", "0", "1", " ", "."), maxLength: 12 });
    fc.assert(
      fc.property(pattern, subject, (p, s) => {
        expect(re(p).test(s)).toBe(js(p, s));
      }),
      { numRuns: 1500 },
    );
  });
});

/** Each message the compiler must refuse with, and the patterns that must get it. */
const REJECTED: [message: RegExp, patterns: string[]][] = [
  [/backreference/, ["(a)\\1", "\\k<x>"]],
  [/lookaround/, ["(?=a)a", "(?!a)b", "(?<=a)b", "(?<!a)b"]],
  [/named group/, ["(?<name>a)"]],
  [/unsupported group/, ["(?i)a"]],
  [/word boundar/, ["\\bword\\b"]],
  [/\\b/, ["[\\b]"]],
  [/nothing to repeat/, ["a**", "a+*", "a{2}{3}", "*a", "(*)", "a|*", "{2}"]],
  [/anchor/, ["^*"]],
  [/out of order/, ["a{2,1}", "[z-a]"]],
  [/limited/, ["a{1001}", "a{1,1001}"]],
  [/quantifier/, ["x{", "x{a}"]],
  [/unbalanced/, ["a}", "a]"]],
  [/empty/, ["[]", "[^]", ""]],
  [/unterminated/, ["[a", "(ab"]],
  [/POSIX/, ["[[:alpha:]]"]],
  [/single characters/, ["[\\d-z]"]],
  [/unmatched/, ["ab)"]],
  [/lone backslash/, ["ab\\"]],
  [/unsupported escape/, ["\\p{L}", "\\cA", "\\a"]],
  [/malformed/, ["\\u{41}", "\\xZZ"]],
  [/octal/, ["\\01"]],
  [/longer than 256/, ["a".repeat(257)]],
  [/too complex/, ["((a{1000}){1000})", "(.{0,1000}){5}"]],
  [/nested too deeply/, ["(".repeat(65) + "a" + ")".repeat(65)]],
];

describe("regex: rejects what it does not support", () => {
  it.each(REJECTED.flatMap(([message, patterns]) => patterns.map((pattern) => [pattern, message] as const)))("%s", (pattern, message) => {
    const r = compileRegex(pattern);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it("rejects a non-string pattern", () => {
    expect(compileRegex(5).ok).toBe(false);
    expect(compileRegex(null).ok).toBe(false);
  });

  it("accepts counts up to the limit", () => {
    expect(compileRegex("a{1000}").ok).toBe(true);
    expect(re("a{1000}").test("a".repeat(1000))).toBe(true);
    expect(re("a{1000}").test("a".repeat(999))).toBe(false);
  });

  it("never throws, whatever the pattern", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 20 }), (p, s) => {
        const r = compileRegex(p);
        if (r.ok) expect(typeof r.regex.test(s)).toBe("boolean");
        else expect(r.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("regex: linear time on pathological input", () => {
  const PATHOLOGICAL: [string, string][] = [
    ["(a+)+$", `${"a".repeat(MAX_SUBJECT_LENGTH - 1)}!`],
    ["(a|a)*b", "a".repeat(MAX_SUBJECT_LENGTH)],
    ["(a*)*b", "a".repeat(MAX_SUBJECT_LENGTH)],
    ["(x+x+)+y", "x".repeat(MAX_SUBJECT_LENGTH)],
    ["(.*a){20}", "a".repeat(MAX_SUBJECT_LENGTH - 1) + "b"],
    ["(\\w+\\s?)*$", `${"word ".repeat(1600)}!`],
    ["(a|aa)+c", "a".repeat(MAX_SUBJECT_LENGTH)],
  ];

  function minTime(f: () => void, reps: number): number {
    let best = Infinity;
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      f();
      best = Math.min(best, performance.now() - t);
    }
    return best;
  }

  it.each(PATHOLOGICAL)("/%s/ on a maximal subject answers false quickly", (pattern, subject) => {
    const r = re(pattern);
    let result = true;
    const ms = minTime(() => (result = r.test(subject)), 3);
    expect(result).toBe(false);
    expect(ms).toBeLessThan(250);
  });

  it("time grows linearly with the subject, not exponentially", () => {
    const r = re("(a+)+$");
    const small = `${"a".repeat(1024)}!`;
    const large = `${"a".repeat(8191)}!`;
    const tSmall = minTime(() => r.test(small), 15);
    const tLarge = minTime(() => r.test(large), 15);
    // 8x the input: a linear matcher takes ~8x; exponential or quadratic would be far beyond 40x.
    expect(tLarge / Math.max(tSmall, 0.01)).toBeLessThan(40);
  });

  it("a subject longer than the limit fails without throwing", () => {
    expect(re(".*").test("a".repeat(MAX_SUBJECT_LENGTH))).toBe(true);
    expect(re(".*").test("a".repeat(MAX_SUBJECT_LENGTH + 1))).toBe(false);
  });

  it("stays correct when its DFA cache overflows (exponential-DFA pattern)", () => {
    // (a|b)*a(a|b){12} needs ~2^13 DFA states: far beyond the cache, so the NFA takes over mid-subject.
    const pattern = "(a|b)*a(a|b){12}";
    const r = re(pattern);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b"), minLength: 0, maxLength: 60 }), (s) => {
        expect(r.test(s)).toBe(js(pattern, s));
      }),
      { numRuns: 600 },
    );
    const long = Array.from({ length: MAX_SUBJECT_LENGTH }, (_, i) => ((i * 7919) % 3 === 0 ? "a" : "b")).join("");
    expect(r.test(long)).toBe(js(pattern, long));
  });

  it("handles non-ASCII subjects and anchors inside alternations", () => {
    for (const [p, s] of [
      ["[^a]+", "żółw"],
      ["\\S+", "日本語"],
      ["(é|e)+", "eéé"],
      ["a(b$|c)", "ab"],
      ["a(b$|c)d", "abd"],
      ["(^|x)y", "y"],
      ["(^|x)y", "xy"],
      ["(x|^)+y", "xxy"],
      ["a$|$", ""],
      ["$", ""],
      ["^", ""],
    ] as const) {
      expect([p, s, re(p).test(s)]).toEqual([p, s, js(p, s)]);
    }
  });

  it("is reusable: state from one test() never leaks into the next", () => {
    const r = re("(ab|a)(bc|c)");
    const subjects = ["abc", "abbc", "ac", "abc", "x", "abc"];
    expect(subjects.map((s) => r.test(s))).toEqual(subjects.map((s) => js("(ab|a)(bc|c)", s)));
  });
});
