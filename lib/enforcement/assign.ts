import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { conflict, notFound, unprocessable } from "../api/errors";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { updateAtVersion } from "../db/update-at-version";
import { apis, policies, services, type Api } from "../db/schema";
import { listApis, type ApiView } from "./apis";
import { bumpConfigRevisionForServices } from "./config-revision";
import type { AssignPoliciesBody, UpdateApiBody } from "./schemas";

/**
 * Assigning a policy to APIs (or clearing it: Unrestricted), setting or clearing their shadow
 * policy (docs/shadow-policies.md), and promoting the shadow to enforced. Optimistic concurrency
 * on `version`; every change is audited and bumps the serving gateways' configuration revision.
 */

const STALE = "was changed by someone else meanwhile. Reload and try again.";
const staleMessage = (api: Pick<Api, "method" | "path">) => `The API ${api.method} ${api.path} ${STALE}`;

interface PolicyRef {
  id: string;
  name: string;
}

async function resolvePolicy(tx: Db, policyId: string | null, field = "policy_id"): Promise<PolicyRef | null> {
  if (policyId === null) return null;
  const [p] = await tx.select({ id: policies.id, name: policies.policyName }).from(policies).where(eq(policies.id, policyId)).limit(1);
  if (!p) throw unprocessable("That policy does not exist.", [{ path: field, message: "no such policy" }]);
  return p;
}

/** What a write changes: absent = keep, null = clear (Unrestricted / no shadow). */
interface Change {
  policy?: PolicyRef | null;
  shadow?: PolicyRef | null;
}

async function resolveChange(tx: Db, body: { policy_id?: string | null; shadow_policy_id?: string | null }): Promise<Change> {
  const change: Change = {};
  if (body.policy_id !== undefined) change.policy = await resolvePolicy(tx, body.policy_id);
  if (body.shadow_policy_id !== undefined) change.shadow = await resolvePolicy(tx, body.shadow_policy_id, "shadow_policy_id");
  return change;
}

type LockedApi = Api & { serviceName: string; currentPolicyName: string | null; currentShadowName: string | null };

async function lockApis(tx: Db, ids: string[]): Promise<LockedApi[]> {
  // A stable lock order (by id) keeps two concurrent bulk assignments from deadlocking.
  const locked = await tx.select().from(apis).where(inArray(apis.id, ids)).orderBy(asc(apis.id)).for("update");
  if (locked.length === 0) return [];
  const shadows = alias(policies, "shadow_policies");
  const names = await tx
    .select({ id: apis.id, serviceName: services.name, policyName: policies.policyName, shadowName: shadows.policyName })
    .from(apis)
    .innerJoin(services, eq(services.id, apis.serviceId))
    .leftJoin(policies, eq(policies.id, apis.policyId))
    .leftJoin(shadows, eq(shadows.id, apis.shadowPolicyId))
    .where(inArray(apis.id, ids));
  const byId = new Map(names.map((n) => [n.id, n]));
  return locked.map((a) => ({
    ...a,
    serviceName: byId.get(a.id)?.serviceName ?? "",
    currentPolicyName: byId.get(a.id)?.policyName ?? null,
    currentShadowName: byId.get(a.id)?.shadowName ?? null,
  }));
}

const policyShape = (id: string | null, name: string | null) => ({ policy_id: id, policy_name: id ? name : "Unrestricted" });
const shadowShape = (id: string | null, name: string | null) => ({ shadow_policy_id: id, shadow_policy_name: id ? name : null });

/** An audit entry's action and values for a change of the API's enforced policy or of its shadow policy. */
function assignmentChange(assignment: "policy" | "shadow", api: LockedApi, next: PolicyRef | null) {
  const [id, name] = [next?.id ?? null, next?.name ?? null];
  return assignment === "policy"
    ? { action: next ? "api.assign_policy" : "api.clear_policy", before: policyShape(api.policyId, api.currentPolicyName), after: policyShape(id, name) }
    : { action: next ? "api.set_shadow_policy" : "api.clear_shadow_policy", before: shadowShape(api.shadowPolicyId, api.currentShadowName), after: shadowShape(id, name) };
}

async function apply(tx: Db, actor: AuditActor, api: LockedApi, change: Change): Promise<boolean> {
  const policyChanges = change.policy !== undefined && api.policyId !== (change.policy?.id ?? null);
  const shadowChanges = change.shadow !== undefined && api.shadowPolicyId !== (change.shadow?.id ?? null);
  if (!policyChanges && !shadowChanges) return false;
  await updateAtVersion(
    tx,
    apis,
    api.id,
    api.version,
    {
      ...(policyChanges ? { policyId: change.policy?.id ?? null, policyChangedAt: new Date() } : {}),
      ...(shadowChanges ? { shadowPolicyId: change.shadow?.id ?? null } : {}),
    },
    staleMessage(api),
  );
  const target = { targetType: "api" as const, targetId: api.id, targetName: `${api.serviceName} ${api.method} ${api.path}` };
  if (policyChanges) await recordAudit(tx, actor, { ...target, ...assignmentChange("policy", api, change.policy ?? null) });
  if (shadowChanges) await recordAudit(tx, actor, { ...target, ...assignmentChange("shadow", api, change.shadow ?? null) });
  return true;
}

/** One API, locked, as the caller read it at `version` (404 when gone, 409 when changed since). */
async function lockApiAt(tx: Db, apiId: string, version: number): Promise<LockedApi> {
  const [api] = await lockApis(tx, [apiId]);
  if (!api) throw notFound("API");
  if (api.version !== version) throw conflict(staleMessage(api));
  return api;
}

/** The view of one API after a change. */
async function apiView(db: Db, apiId: string): Promise<ApiView> {
  const [view] = (await listApis(db, { ids: [apiId] })).apis;
  if (!view) throw notFound("API");
  return view;
}

/** `PUT /apis/{api}`: assign one API's policy (null = Unrestricted) and/or its shadow policy (null = none). */
export async function assignPolicy(db: Db, actor: AuditActor, apiId: string, body: UpdateApiBody): Promise<ApiView> {
  await db.transaction(async (tx) => {
    const api = await lockApiAt(tx, apiId, body.version);
    const change = await resolveChange(tx, body);
    if (await apply(tx, actor, api, change)) await bumpConfigRevisionForServices(tx, [api.serviceId]);
  });
  return apiView(db, apiId);
}

/** `POST /apis/assign`: one policy for many APIs, all or nothing in one transaction. */
export async function assignPolicyBulk(db: Db, actor: AuditActor, body: AssignPoliciesBody): Promise<ApiView[]> {
  await db.transaction(async (tx) => {
    const locked = await lockApis(tx, body.api_ids);
    if (locked.length !== body.api_ids.length) {
      const found = new Set(locked.map((a) => a.id));
      const missing = body.api_ids.filter((id) => !found.has(id));
      throw unprocessable(`${missing.length} of the selected APIs no longer exist. Reload and try again.`, [
        { path: "api_ids", message: `unknown: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}` },
      ]);
    }
    const stale = locked.filter((a) => body.versions?.[a.id] !== undefined && body.versions[a.id] !== a.version);
    if (stale.length > 0) {
      const names = stale.slice(0, 3).map((a) => `${a.method} ${a.path}`).join(", ");
      throw conflict(`${stale.length} of the selected APIs (${names}${stale.length > 3 ? ", …" : ""}) ${STALE}`);
    }
    const change = await resolveChange(tx, body);
    const changed: string[] = [];
    for (const api of locked) if (await apply(tx, actor, api, change)) changed.push(api.serviceId);
    await bumpConfigRevisionForServices(tx, changed);
  });
  return (await listApis(db, { ids: body.api_ids })).apis;
}

/**
 * `POST /apis/{api}/promote-shadow`: the shadow policy becomes the enforced one and the shadow is
 * cleared — one version-checked change with one audit entry (409 when stale or without a shadow).
 */
export async function promoteShadow(db: Db, actor: AuditActor, apiId: string, version: number): Promise<ApiView> {
  await db.transaction(async (tx) => {
    const api = await lockApiAt(tx, apiId, version);
    if (api.shadowPolicyId === null) throw conflict(`The API ${api.method} ${api.path} has no shadow policy to promote. Reload and try again.`);
    await updateAtVersion(tx, apis, api.id, api.version, { policyId: api.shadowPolicyId, shadowPolicyId: null, policyChangedAt: new Date() }, staleMessage(api));
    await recordAudit(tx, actor, {
      action: "api.promote_shadow_policy",
      targetType: "api",
      targetId: api.id,
      targetName: `${api.serviceName} ${api.method} ${api.path}`,
      before: { ...policyShape(api.policyId, api.currentPolicyName), ...shadowShape(api.shadowPolicyId, api.currentShadowName) },
      after: { ...policyShape(api.shadowPolicyId, api.currentShadowName), ...shadowShape(null, null) },
    });
    await bumpConfigRevisionForServices(tx, [api.serviceId]);
  });
  return apiView(db, apiId);
}
