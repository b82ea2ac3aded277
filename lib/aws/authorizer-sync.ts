import "server-only";
import { randomUUID } from "node:crypto";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { ApiError } from "../api/errors";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { gateways } from "../db/schema";
import { gatewayFunction, type GatewayFunction } from "./authorizer-function";
import { awsClients } from "./clients";
import { awsApiError } from "./errors";

/**
 * "Sync now": the console invokes the gateway's authorizer function with the same event its
 * EventBridge schedule sends, so discovery and attaching happen now instead of at the next
 * scheduled run (up to a minute later). Synchronous (RequestResponse): the function's report of
 * what it attached comes back, and the caller can re-read AWS right after.
 */
export const SYNC_SCHEDULE_SECONDS = 60;

const syncAnswerSchema = z.object({
  ok: z.boolean(),
  sync: z
    .object({ attached: z.number().optional(), detached: z.number().optional(), errors: z.array(z.string()).optional(), discovered: z.number().optional() })
    .partial()
    .optional(),
});

export interface SyncNowResult {
  ok: boolean;
  attached: number;
  detached: number;
  errors: string[];
  invoked_at: string;
}

export function scheduledEvent(fn: GatewayFunction, now = new Date()) {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: fn.accountId,
    time: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: fn.region,
    resources: [],
    detail: {},
  };
}

export async function invokeSync(fn: GatewayFunction, lambda: LambdaClient = awsClients(fn.region).lambda): Promise<SyncNowResult> {
  const invokedAt = new Date();
  let out;
  try {
    out = await lambda.send(new InvokeCommand({ FunctionName: fn.functionArn, InvocationType: "RequestResponse", Payload: Buffer.from(JSON.stringify(scheduledEvent(fn, invokedAt))) }));
  } catch (err) {
    throw awsApiError(err, "invoke the authorizer function");
  }
  const text = out.Payload ? Buffer.from(out.Payload).toString("utf8") : "";
  if (out.FunctionError) {
    return { ok: false, attached: 0, detached: 0, errors: [`The function failed: ${text.slice(0, 300)}`], invoked_at: invokedAt.toISOString() };
  }
  let parsed: z.infer<typeof syncAnswerSchema> | null = null;
  try {
    const r = syncAnswerSchema.safeParse(JSON.parse(text));
    parsed = r.success ? r.data : null;
  } catch {
    parsed = null;
  }
  if (!parsed) return { ok: false, attached: 0, detached: 0, errors: ["The function's answer is not a sync report."], invoked_at: invokedAt.toISOString() };
  return {
    ok: parsed.ok,
    attached: parsed.sync?.attached ?? 0,
    detached: parsed.sync?.detached ?? 0,
    errors: parsed.sync?.errors ?? [],
    invoked_at: invokedAt.toISOString(),
  };
}

/** Sync now for a gateway whose function is known (its stack, as AWS reported it); null when it is not. */
export async function syncGatewayIfKnown(db: Db, gatewayId: string): Promise<SyncNowResult | null> {
  const fn = await gatewayFunction(db, gatewayId);
  if (!fn) return null;
  await db.update(gateways).set({ syncRequestedAt: new Date() }).where(eq(gateways.id, gatewayId));
  return invokeSync(fn);
}

/**
 * Sync now, asked for by a person: without a known function that is a conflict they can act on.
 * Audited, since the authorizer attaches and detaches methods in AWS on this request.
 */
export async function syncGatewayNow(db: Db, gatewayId: string, actor: AuditActor): Promise<SyncNowResult> {
  const result = await syncGatewayIfKnown(db, gatewayId);
  if (!result) throw new ApiError("no_authorizer_function", "This gateway has no running authorizer stack launched from the console: launch it from the Quickstart first.");
  await recordAudit(db, actor, {
    action: "gateway.sync_now",
    targetType: "gateway",
    targetId: gatewayId,
    after: { ok: result.ok, attached: result.attached, detached: result.detached, errors: result.errors.length },
  });
  return result;
}
