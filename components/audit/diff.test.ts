import { describe, expect, it } from "vitest";
import { auditDiff } from "./diff";

describe("auditDiff", () => {
  it("lists changed leaves by dotted path", () => {
    const before = { policy_name: "Orders", validators: [{ name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "orders.read" }] } }] };
    const after = { policy_name: "Orders", validators: [{ name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "orders.write" }] } }] };
    expect(auditDiff(before, after)).toEqual([
      { path: "validators.0.conf.fields.0.value", kind: "changed", before: '"orders.read"', after: '"orders.write"' },
    ]);
  });

  it("shows a creation as added fields and a deletion as removed fields", () => {
    expect(auditDiff(null, { policy_id: null })).toEqual([{ path: "policy_id", kind: "added", after: "null" }]);
    expect(auditDiff({ name: "x" }, null)).toEqual([{ path: "name", kind: "removed", before: '"x"' }]);
  });

  it("shows array growth and shrink", () => {
    expect(auditDiff({ v: [1] }, { v: [1, 2] })).toEqual([{ path: "v.1", kind: "added", after: "2" }]);
    expect(auditDiff({ v: [1, 2] }, { v: [] })).toEqual([
      { path: "v.0", kind: "removed", before: "1" },
      { path: "v.1", kind: "removed", before: "2" },
      { path: "v", kind: "added", after: "[]" },
    ]);
  });

  it("an unchanged entry has no lines", () => {
    expect(auditDiff({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
  });
});
