import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { authorizerStackEvents, authorizerStacks, type AuthorizerStack } from "../../db/schema";
import type { PreparedArtifacts } from "./artifacts";
import type { StackEventRecord } from "./events";

/** The stack of each gateway as the console recorded it, and the events it has seen. */
export async function getStackRecord(db: Db, gatewayId: string): Promise<AuthorizerStack | null> {
  const [row] = await db.select().from(authorizerStacks).where(eq(authorizerStacks.gatewayId, gatewayId));
  return row ?? null;
}

export type NewStackRecord = typeof authorizerStacks.$inferInsert;

/** What a record keeps of the package an operation deployed: where its zip and template lie, and what they are. */
export function packageColumns(artifacts: PreparedArtifacts) {
  return {
    artifactsBucket: artifacts.bucket,
    codeKey: artifacts.codeKey,
    templateKey: artifacts.templateKey,
    templateSha256: artifacts.template.sha256,
    authorizerVersion: artifacts.version,
    resourceCount: artifacts.template.resources.length,
  } satisfies Partial<NewStackRecord>;
}

/** Records a launched stack, replacing the gateway's earlier (deleted) one. */
export async function putStackRecord(db: Db, values: NewStackRecord): Promise<AuthorizerStack> {
  const [row] = await db
    .insert(authorizerStacks)
    .values(values)
    .onConflictDoUpdate({
      target: authorizerStacks.gatewayId,
      set: { ...values, eventsCursor: null, lastPolledAt: null, version: sql`${authorizerStacks.version} + 1`, updatedAt: new Date() },
    })
    .returning();
  return row!;
}

export async function patchStackRecord(db: Db, gatewayId: string, patch: Partial<NewStackRecord>): Promise<AuthorizerStack> {
  const [row] = await db
    .update(authorizerStacks)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(authorizerStacks.gatewayId, gatewayId))
    .returning();
  return row!;
}

/** Starts a new operation: later events belong to it. */
export async function beginOperation(
  db: Db,
  record: AuthorizerStack,
  operation: "update" | "delete",
  patch: Partial<NewStackRecord>,
): Promise<AuthorizerStack> {
  return patchStackRecord(db, record.gatewayId, {
    ...patch,
    operation,
    operationSeq: record.operationSeq + 1,
    operationStartedAt: new Date(),
    version: record.version + 1,
  });
}

export async function storeEvents(db: Db, record: AuthorizerStack, events: readonly StackEventRecord[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insert(authorizerStackEvents)
    .values(
      events.map((e) => ({
        gatewayId: record.gatewayId,
        stackId: record.stackId,
        operationSeq: record.operationSeq,
        eventId: e.eventId,
        at: e.at,
        logicalResourceId: e.logicalResourceId,
        resourceType: e.resourceType,
        resourceStatus: e.resourceStatus,
        reason: e.reason,
      })),
    )
    .onConflictDoNothing();
}

/** The current operation's events, oldest first. */
export async function operationEvents(db: Db, record: AuthorizerStack): Promise<StackEventRecord[]> {
  const rows = await db
    .select()
    .from(authorizerStackEvents)
    .where(
      and(
        eq(authorizerStackEvents.gatewayId, record.gatewayId),
        eq(authorizerStackEvents.stackId, record.stackId),
        eq(authorizerStackEvents.operationSeq, record.operationSeq),
      ),
    )
    .orderBy(asc(authorizerStackEvents.at), asc(authorizerStackEvents.id));
  return rows.map((r) => ({
    eventId: r.eventId,
    at: r.at,
    logicalResourceId: r.logicalResourceId,
    resourceType: r.resourceType,
    resourceStatus: r.resourceStatus,
    reason: r.reason,
  }));
}
