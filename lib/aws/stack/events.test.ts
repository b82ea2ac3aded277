import { CloudFormationClient, type DescribeStackEventsCommand, type ResourceStatus, type StackEvent } from "@aws-sdk/client-cloudformation";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockSend } from "@/test/aws/mock-send";
import { fetchNewStackEvents } from "./events";

const ev = (id: string, second: number, logical = "LambdaFunction", status = "CREATE_COMPLETE"): StackEvent => ({
  EventId: id,
  StackId: "arn:stack",
  StackName: "s",
  Timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, second)),
  LogicalResourceId: logical,
  ResourceType: logical === "s" ? "AWS::CloudFormation::Stack" : "AWS::Lambda::Function",
  ResourceStatus: status as ResourceStatus,
});

/** AWS's order: newest first, two events per page. */
function pagedClient(newestFirst: StackEvent[], pageSize = 2) {
  const cfn = new CloudFormationClient({ region: "us-east-1" });
  const send = mockSend(cfn, (cmd: unknown) => {
    const input = (cmd as DescribeStackEventsCommand).input;
    const start = Number(input.NextToken ?? 0);
    const page = newestFirst.slice(start, start + pageSize);
    const next = start + pageSize < newestFirst.length ? String(start + pageSize) : undefined;
    return Promise.resolve({ StackEvents: page, NextToken: next });
  });
  return { cfn, send };
}

describe("fetchNewStackEvents", () => {
  afterEach(() => vi.restoreAllMocks());
  const all = [ev("e7", 7, "s"), ev("e6", 6), ev("e5", 5, "LambdaFunction", "CREATE_IN_PROGRESS"), ev("e4", 4), ev("e3", 3), ev("e2", 2), ev("e1", 1, "s", "CREATE_IN_PROGRESS")];

  it("follows NextToken through every page on the first read and returns the events oldest first", async () => {
    const { cfn, send } = pagedClient(all);
    const { events, newest } = await fetchNewStackEvents(cfn, "arn:stack", null);
    expect(events.map((e) => e.eventId)).toEqual(["e1", "e2", "e3", "e4", "e5", "e6", "e7"]);
    expect(newest).toBe("e7");
    expect(send).toHaveBeenCalledTimes(4);
    expect(send.mock.calls.map((c) => (c[0] as DescribeStackEventsCommand).input.NextToken)).toEqual([undefined, "2", "4", "6"]);
  });

  it("stops at the stored cursor: only newer events, no page beyond", async () => {
    const { cfn, send } = pagedClient(all);
    const { events, newest } = await fetchNewStackEvents(cfn, "arn:stack", "e4");
    expect(events.map((e) => e.eventId)).toEqual(["e5", "e6", "e7"]);
    expect(newest).toBe("e7");
    expect(send).toHaveBeenCalledTimes(2);
  });

  it("returns nothing new when the cursor is the newest, and keeps the cursor", async () => {
    const { cfn } = pagedClient(all);
    expect(await fetchNewStackEvents(cfn, "arn:stack", "e7")).toEqual({ events: [], newest: "e7" });
  });

  it("drops duplicates that shifted between pages while new events arrived", async () => {
    const cfn = new CloudFormationClient({ region: "us-east-1" });
    const pages = [
      { StackEvents: [ev("e3", 3), ev("e2", 2)], NextToken: "a" },
      { StackEvents: [ev("e2", 2), ev("e1", 1)] },
    ];
    mockSend(cfn, () => Promise.resolve(pages.shift()));
    const { events } = await fetchNewStackEvents(cfn, "arn:stack", null);
    expect(events.map((e) => e.eventId)).toEqual(["e1", "e2", "e3"]);
  });

  it("bounds the number of pages", async () => {
    const many = Array.from({ length: 30 }, (_, i) => ev(`e${30 - i}`, 30 - i));
    const { cfn, send } = pagedClient(many, 2);
    await fetchNewStackEvents(cfn, "arn:stack", null, 3);
    expect(send).toHaveBeenCalledTimes(3);
  });
});
