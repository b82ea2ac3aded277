import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { conflict, notFound, unprocessable } from "../api/errors";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { apis, policies, services, type Api } from "../db/schema";
import { listApis, type ApiView } from "./apis";
import { bumpConfigRevisionForServices } from "./config-revision";
import type { AssignPoliciesBody, UpdateApiBody } from "./schemas";

/** Assigning a policy to APIs (or clearing it: Unrestricted). Optimistic concurrency on `version`. */

const STALE = "was changed by someone else meanwhile. Reload and try again.";

interface PolicyRef {
  id: string;
  name: string;
}

async function resolvePolicy(tx: Db, policyId: string | null): Promise<PolicyRef | null> {
  if (policyId === null) return null;
  const [p] = await tx.select({ id: policies.id, name: policies.policyName }).from(policies).where(eq(policies.id, policyId)).limit(1);
  if (!p) throw unprocessable("That policy does not exist.", [{ path: "policy_id", message: "no such policy" }]);
  return p;
}

type LockedApi = Api & { serviceName: string; currentPolicyName: string | null };

async function lockApis(tx: Db, ids: string[]): Promise<LockedApi[]> {
  // A stable lock order (by id) keeps two concurrent bulk assignments from deadlocking.
  const locked = await tx.select().from(apis).where(inArray(apis.id, ids)).orderBy(asc(apis.id)).for("update");
  if (locked.length === 0) return [];
  const names = await tx
    .select({ id: apis.id, serviceName: services.name, policyName: policies.policyName })
    .from(apis)
    .innerJoin(services, eq(services.id, apis.serviceId))
    .leftJoin(policies, eq(policies.id, apis.policyId))
    .where(inArray(apis.id, ids));
  const byId = new Map(names.map((n) => [n.id, n]));
  return locked.map((a) => ({ ...a, serviceName: byId.get(a.id)?.serviceName ?? "", currentPolicyName: byId.get(a.id)?.policyName ?? null }));
}

async function apply(tx: Db, actor: AuditActor, api: LockedApi, policy: PolicyRef | null): Promise<boolean> {
  if (api.policyId === (policy?.id ?? null)) return false;
  const [row] = await tx
    .update(apis)
    .set({ policyId: policy?.id ?? null, policyChangedAt: new Date(), version: sql`${apis.version} + 1`, updatedAt: new Date() })
    .where(and(eq(apis.id, api.id), eq(apis.version, api.version)))
    .returning({ id: apis.id });
  if (!row) throw conflict(`The API ${api.method} ${api.path} ${STALE}`);
  await recordAudit(tx, actor, {
    action: policy ? "api.assign_policy" : "api.clear_policy",
    targetType: "api",
    targetId: api.id,
    targetName: `${api.serviceName} ${api.method} ${api.path}`,
    before: { policy_id: api.policyId, policy_name: api.policyId ? api.currentPolicyName : "Unrestricted" },
    after: { policy_id: policy?.id ?? null, policy_name: policy?.name ?? "Unrestricted" },
  });
  return true;
}

/** `PUT /apis/{api}`: assign one API's policy (null = Unrestricted). */
export async function assignPolicy(db: Db, actor: AuditActor, apiId: string, body: UpdateApiBody): Promise<ApiView> {
  await db.transaction(async (tx) => {
    const [api] = await lockApis(tx, [apiId]);
    if (!api) throw notFound("API");
    if (api.version !== body.version) throw conflict(`The API ${api.method} ${api.path} ${STALE}`);
    const policy = await resolvePolicy(tx, body.policy_id);
    if (await apply(tx, actor, api, policy)) await bumpConfigRevisionForServices(tx, [api.serviceId]);
  });
  const [view] = (await listApis(db, { ids: [apiId] })).apis;
  if (!view) throw notFound("API");
  return view;
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
    const policy = await resolvePolicy(tx, body.policy_id);
    const changed: string[] = [];
    for (const api of locked) if (await apply(tx, actor, api, policy)) changed.push(api.serviceId);
    await bumpConfigRevisionForServices(tx, changed);
  });
  return (await listApis(db, { ids: body.api_ids })).apis;
}
