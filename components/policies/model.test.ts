import { describe, expect, it } from "vitest";
import { fieldRows, issuesAt, newValidator, parseValidatorsJson, renameValidator, setRows, summarizeValidators } from "./model";

describe("policy editor model", () => {
  it("summarizes validators in one line", () => {
    expect(
      summarizeValidators([
        { name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "orders.read" }] } },
        { name: "header", conf: { fields: [{ field: "x-api-key", comparator: "present" }, { field: "x-env", comparator: "equals", value: "prod" }] } },
        { name: "false" },
      ]),
    ).toBe("identity-context: scp contains orders.read; header: x-api-key present, x-env equals prod; false (deny)");
    expect(summarizeValidators([])).toBe("no validators");
  });

  it("edits rows and kinds without losing other keys", () => {
    const v = { name: "header", recovery: [{ name: "x" }], conf: { fields: [{ field: "a", comparator: "equals", value: "1" }] } };
    const rows = fieldRows(v);
    expect(rows).toEqual([{ field: "a", comparator: "equals", value: "1" }]);
    const changed = setRows(v, [...rows, { field: "b", comparator: "present", value: "ignored" }]);
    expect(changed).toEqual({ name: "header", recovery: [{ name: "x" }], conf: { fields: [{ field: "a", comparator: "equals", value: "1" }, { field: "b", comparator: "present" }] } });
    expect(renameValidator(changed, "identity-context")).toMatchObject({ name: "identity-context", conf: changed.conf });
    expect(renameValidator(changed, "true")).toEqual({ name: "true", recovery: [{ name: "x" }] });
    expect(renameValidator({ name: "true" }, "header")).toEqual(newValidator("header"));
  });

  it("shows non-string values as JSON", () => {
    expect(fieldRows({ name: "header", conf: { fields: [{ field: "n", comparator: "equals", value: 3 }] } })[0]!.value).toBe("3");
  });

  it("parses the JSON view and says why it cannot", () => {
    expect(parseValidatorsJson('[{"name":"true"}]')).toEqual({ ok: true, validators: [{ name: "true" }] });
    expect(parseValidatorsJson('{"validators":[]}')).toEqual({ ok: true, validators: [] });
    expect(parseValidatorsJson("[{")).toMatchObject({ ok: false });
    expect(parseValidatorsJson('{"name":"true"}')).toMatchObject({ ok: false, error: /array of validators/ });
  });

  it("places server issues by path prefix", () => {
    const issues = [{ path: "validators.0.conf.fields.1.comparator", message: "unknown comparator" }, { path: "validators.1", message: "unknown validator" }];
    expect(issuesAt(issues, "validators.0.conf.fields.1")).toEqual(["unknown comparator"]);
    expect(issuesAt(issues, "validators.1", true)).toEqual(["unknown validator"]);
    expect(issuesAt(issues, "validators.0.conf.fields.0")).toEqual([]);
  });
});
