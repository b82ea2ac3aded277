import { describe, expect, it } from "vitest";
import { jsonBoundaryIssue, MAX_JSON_DEPTH } from "./json-bounds";

describe("jsonBoundaryIssue", () => {
  it("names the first string or key with a NUL character", () => {
    expect(jsonBoundaryIssue({ a: ["ok", { b: "x\u0000" }] })).toEqual({ path: "a.1.b", message: "contains a NUL character (\\u0000)" });
    expect(jsonBoundaryIssue({ ["k\u0000"]: 1 })?.path).toBe("k\\u0000");
    expect(jsonBoundaryIssue("\u0000")?.path).toBe("(body)");
  });

  it(`allows ${MAX_JSON_DEPTH} levels of nesting and refuses one more`, () => {
    const nest = (n: number) => {
      let v: unknown = 1;
      for (let i = 0; i < n; i++) v = [v];
      return v;
    };
    expect(jsonBoundaryIssue(nest(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonBoundaryIssue(nest(MAX_JSON_DEPTH + 1))?.message).toBe(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(jsonBoundaryIssue(nest(100_000))?.message).toBe(`nested deeper than ${MAX_JSON_DEPTH} levels`);
  });
});
