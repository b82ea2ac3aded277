import "server-only";
import { DescribeStackEventsCommand, type CloudFormationClient, type StackEvent } from "@aws-sdk/client-cloudformation";

/**
 * A stack's new events: DescribeStackEvents answers newest-first and pages with NextToken, so
 * read pages until the newest event already stored (the cursor) shows up, then hand the new
 * ones back oldest-first, each once.
 */
export interface StackEventRecord {
  eventId: string;
  at: Date;
  logicalResourceId: string;
  resourceType: string;
  resourceStatus: string;
  reason: string | null;
}

export const MAX_EVENT_PAGES = 50;

function toRecord(e: StackEvent): StackEventRecord | null {
  if (!e.EventId || !e.Timestamp || !e.LogicalResourceId || !e.ResourceStatus) return null;
  return {
    eventId: e.EventId,
    at: e.Timestamp,
    logicalResourceId: e.LogicalResourceId,
    resourceType: e.ResourceType ?? "",
    resourceStatus: e.ResourceStatus,
    reason: e.ResourceStatusReason ?? null,
  };
}

export async function fetchNewStackEvents(
  cfn: CloudFormationClient,
  stackId: string,
  cursor: string | null,
  maxPages = MAX_EVENT_PAGES,
): Promise<{ events: StackEventRecord[]; newest: string | null }> {
  const newestFirst: StackEventRecord[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const out = await cfn.send(new DescribeStackEventsCommand({ StackName: stackId, NextToken: token }));
    let reachedCursor = false;
    for (const raw of out.StackEvents ?? []) {
      if (cursor && raw.EventId === cursor) {
        reachedCursor = true;
        break;
      }
      const rec = toRecord(raw);
      if (!rec || seen.has(rec.eventId)) continue;
      seen.add(rec.eventId);
      newestFirst.push(rec);
    }
    token = out.NextToken;
    if (reachedCursor || !token) break;
  }
  // The cursor is AWS's newest; the list goes oldest first (events sharing a timestamp keep AWS's order, reversed).
  const newest = newestFirst[0]?.eventId ?? cursor;
  return { events: newestFirst.reverse().sort((a, b) => a.at.getTime() - b.at.getTime()), newest };
}
