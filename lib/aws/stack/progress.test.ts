import { describe, expect, it } from "vitest";
import type { StackEventRecord } from "./events";
import { explainFailure } from "./failure";
import { progressOf } from "./progress";
import { stackPhase, updatable } from "./status";

const e = (id: string, s: number, logical: string, status: string, reason: string | null = null, type = "AWS::Lambda::Function"): StackEventRecord => ({
  eventId: id,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, s)),
  logicalResourceId: logical,
  resourceType: logical === "stack" ? "AWS::CloudFormation::Stack" : type,
  resourceStatus: status,
  reason,
});

describe("progressOf", () => {
  it("counts completed resources against the template's resource count", () => {
    const events = [
      e("1", 1, "stack", "CREATE_IN_PROGRESS"),
      e("2", 2, "Role", "CREATE_IN_PROGRESS", null, "AWS::IAM::Role"),
      e("3", 3, "Role", "CREATE_COMPLETE", null, "AWS::IAM::Role"),
      e("4", 4, "Fn", "CREATE_IN_PROGRESS"),
    ];
    const p = progressOf({ operation: "launch", status: "CREATE_IN_PROGRESS", total: 7, events, listed: [] });
    expect(p).toMatchObject({ done: 1, total: 7, percent: 14 });
    expect(p.resources.map((r) => [r.logicalResourceId, r.status])).toEqual([
      ["Role", "CREATE_COMPLETE"],
      ["Fn", "CREATE_IN_PROGRESS"],
    ]);
  });

  it("is 100% once the stack completes, even where AWS emitted no resource events", () => {
    expect(progressOf({ operation: "update", status: "UPDATE_COMPLETE", total: 7, events: [], listed: [] }).percent).toBe(100);
    expect(progressOf({ operation: "delete", status: "DELETE_COMPLETE", total: 7, events: [], listed: [] }).percent).toBe(100);
  });

  it("takes resources an update leaves alone from the resource list", () => {
    const listed = [
      { logicalResourceId: "Role", resourceType: "AWS::IAM::Role", status: "CREATE_COMPLETE", reason: null, at: "2026-01-01T00:00:00.000Z" },
      { logicalResourceId: "Fn", resourceType: "AWS::Lambda::Function", status: "UPDATE_IN_PROGRESS", reason: null, at: "2026-01-01T00:00:09.000Z" },
    ];
    const p = progressOf({ operation: "update", status: "UPDATE_IN_PROGRESS", total: 2, events: [e("5", 5, "Fn", "UPDATE_IN_PROGRESS")], listed });
    expect(p).toMatchObject({ done: 1, total: 2, percent: 50 });
  });
});

describe("explainFailure", () => {
  it("names the resource that failed first, AWS's reason, and what to do", () => {
    const events = [
      e("1", 1, "stack", "CREATE_IN_PROGRESS", "User Initiated"),
      e("2", 2, "LambdaFunction", "CREATE_FAILED", "Resource handler returned message: \"Error occurred while GetObject. S3 Error Code: NoSuchKey.\""),
      e("3", 3, "LambdaTrigger", "CREATE_FAILED", "Resource creation cancelled", "AWS::Events::Rule"),
      e("4", 4, "stack", "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [LambdaFunction]."),
      e("5", 5, "stack", "ROLLBACK_COMPLETE"),
    ];
    const f = explainFailure("ROLLBACK_COMPLETE", null, events);
    expect(f.logicalResourceId).toBe("LambdaFunction");
    expect(f.resourceType).toBe("AWS::Lambda::Function");
    expect(f.reason).toMatch(/NoSuchKey/);
    expect(f.advice).toMatch(/re-uploads/);
    expect(f.advice).toMatch(/delete it, then launch it again/);
  });

  it("falls back to the stack's own reason", () => {
    const f = explainFailure("UPDATE_ROLLBACK_COMPLETE", "Parameter validation failed", []);
    expect(f).toMatchObject({ logicalResourceId: null, reason: "Parameter validation failed" });
    expect(f.advice).toMatch(/previous configuration/);
  });
});

describe("stack statuses", () => {
  it("sorts statuses into phases", () => {
    expect(stackPhase("CREATE_IN_PROGRESS")).toBe("in_progress");
    expect(stackPhase("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")).toBe("in_progress");
    expect(stackPhase("ROLLBACK_COMPLETE")).toBe("failed");
    expect(stackPhase("UPDATE_ROLLBACK_COMPLETE")).toBe("failed");
    expect(stackPhase("DELETE_COMPLETE")).toBe("deleted");
    expect(updatable("ROLLBACK_COMPLETE")).toBe(false);
    expect(updatable("UPDATE_ROLLBACK_COMPLETE")).toBe(true);
  });
});
