import "server-only";
import { and, desc, eq, gte } from "drizzle-orm";
import { compilePolicy, type ValidatorFailure } from "@/policy";
import { notFound, unprocessable } from "../api/errors";
import type { Db } from "../db/client";
import { apis, decisionEvents } from "../db/schema";
import type { ReplayPolicyBody } from "./schemas";
import { definitionOf } from "./test-run";
import { engineIssues } from "./validate";

/**
 * `POST /policies/replay`: an API's recent decisions run again through a policy (saved or the
 * draft being edited), counting what would change. The inputs are what decision events keep
 * (docs/shadow-policies.md): the method, the path, the header NAMES (their values are never
 * recorded, so a replayed header is present with an empty value) and the verified claims
 * without credentials — never a token. Events without recorded request fields (from older
 * authorizers) or with a truncated context cannot be replayed and are counted as such.
 * Nothing is stored; the answer carries counts and a few examples (method and path), not claims.
 */

export type ReplayVerdict = "allow" | "deny";

export interface ReplayExample {
  at: string;
  method: string;
  path: string;
  recorded: ReplayVerdict;
  replayed: ReplayVerdict;
  failures: Pick<ValidatorFailure, "validator" | "message">[];
}

export interface PolicyReplayResult {
  api_id: string;
  hours: number;
  /** Decisions run through the policy. */
  replayed: number;
  unchanged: number;
  allow_to_deny: number;
  deny_to_allow: number;
  /** Decisions of the window whose inputs were not recorded (not replayed). */
  without_inputs: number;
  /** Up to 10 decisions that would change, newest first. */
  examples: ReplayExample[];
}

const EXAMPLES = 10;

export async function replayPolicy(db: Db, body: ReplayPolicyBody, now = new Date()): Promise<PolicyReplayResult> {
  const [api] = await db.select({ id: apis.id }).from(apis).where(eq(apis.id, body.api_id)).limit(1);
  if (!api) throw notFound("API");
  const compiled = compilePolicy(await definitionOf(db, body));
  if (!compiled.ok) throw unprocessable(`The policy is invalid: ${compiled.error.message}`, engineIssues(compiled.error.issues));

  const since = new Date(now.getTime() - body.hours * 3600_000);
  const rows = await db
    .select({
      at: decisionEvents.at,
      result: decisionEvents.result,
      ctx: decisionEvents.invocationCtx,
      method: decisionEvents.requestMethod,
      path: decisionEvents.requestPath,
      headerNames: decisionEvents.requestHeaderNames,
    })
    .from(decisionEvents)
    .where(and(eq(decisionEvents.apiId, api.id), gte(decisionEvents.at, since)))
    .orderBy(desc(decisionEvents.at), desc(decisionEvents.id))
    .limit(body.limit);

  const out: PolicyReplayResult = { api_id: api.id, hours: body.hours, replayed: 0, unchanged: 0, allow_to_deny: 0, deny_to_allow: 0, without_inputs: 0, examples: [] };
  for (const r of rows) {
    if (!r.method || !r.path || (r.ctx && r.ctx.truncated === true)) {
      out.without_inputs += 1;
      continue;
    }
    const headers = Object.fromEntries((r.headerNames ?? []).map((name) => [name, ""]));
    const decision = compiled.policy.evaluate({ authnCtx: r.ctx ?? null, request: { method: r.method, path: r.path, headers } });
    const recorded: ReplayVerdict = r.result === "AUTHORIZED" ? "allow" : "deny";
    const replayed: ReplayVerdict = decision.allowed ? "allow" : "deny";
    out.replayed += 1;
    if (recorded === replayed) {
      out.unchanged += 1;
      continue;
    }
    if (replayed === "deny") out.allow_to_deny += 1;
    else out.deny_to_allow += 1;
    if (out.examples.length < EXAMPLES) {
      out.examples.push({
        at: r.at.toISOString(),
        method: r.method,
        path: r.path,
        recorded,
        replayed,
        failures: decision.allowed ? [] : decision.failures.slice(0, 5).map((f) => ({ validator: f.validator, message: f.message })),
      });
    }
  }
  return out;
}

