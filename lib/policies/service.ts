import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { conflict, notFound } from "../api/errors";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { policies, type Policy } from "../db/schema";
import { updateAtVersion } from "../db/update-at-version";
import { isForeignKeyViolation, isUniqueViolation } from "../db/unavailable";
import { bumpConfigRevisionForPolicy } from "../enforcement/config-revision";
import type { CreatePolicyBody, UpdatePolicyBody } from "./schemas";
import { describeUse, policyUsage } from "./usage";
import { assertValidPolicy } from "./validate";
import { auditShape, toPolicyView, type PolicyView } from "./view";

const STALE = "This policy was changed by someone else meanwhile. Reload and try again.";

function nameTaken(name: string) {
  return conflict(`A policy named "${name}" already exists.`);
}

function builtinRefusal(p: Policy, what: "changed" | "deleted") {
  return conflict(`"${p.policyName}" is a built-in policy and cannot be ${what}.`);
}

export async function listPolicies(db: Db): Promise<PolicyView[]> {
  const rows = await db
    .select()
    .from(policies)
    .orderBy(sql`${policies.builtin} is null`, asc(sql`lower(${policies.policyName})`));
  const usage = await policyUsage(db);
  return rows.map((p) => toPolicyView(p, usage.get(p.id)));
}

export async function findPolicy(db: Db, id: string): Promise<Policy | undefined> {
  const [row] = await db.select().from(policies).where(eq(policies.id, id)).limit(1);
  return row;
}

export async function getPolicy(db: Db, id: string): Promise<PolicyView> {
  const row = await findPolicy(db, id);
  if (!row) throw notFound("Policy");
  return toPolicyView(row, (await policyUsage(db, [id])).get(id));
}

export async function createPolicy(db: Db, actor: AuditActor, body: CreatePolicyBody): Promise<PolicyView> {
  assertValidPolicy({ policy_name: body.policy_name, type: "api", language: "cloudentity", validators: body.validators });
  try {
    const row = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(policies)
        .values({ policyName: body.policy_name, description: body.description ?? "", validators: body.validators })
        .returning();
      await recordAudit(tx, actor, { action: "policy.create", targetType: "policy", targetId: created!.id, targetName: created!.policyName, after: auditShape(created!) });
      return created!;
    });
    return toPolicyView(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(body.policy_name);
    throw err;
  }
}

export async function updatePolicy(db: Db, actor: AuditActor, id: string, body: UpdatePolicyBody): Promise<PolicyView> {
  try {
    await db.transaction(async (tx) => {
      const [current] = await tx.select().from(policies).where(eq(policies.id, id)).for("update");
      if (!current) throw notFound("Policy");
      if (current.builtin) throw builtinRefusal(current, "changed");
      if (current.version !== body.version) throw conflict(STALE);
      const validators = body.validators ?? current.validators;
      const name = body.policy_name ?? current.policyName;
      assertValidPolicy({ policy_name: name, type: "api", language: "cloudentity", validators });
      const changes = { policyName: name, description: body.description ?? current.description, validators };
      const updated = await updateAtVersion(tx, policies, id, body.version, changes, STALE);
      await bumpConfigRevisionForPolicy(tx, id);
      await recordAudit(tx, actor, {
        action: "policy.update",
        targetType: "policy",
        targetId: id,
        targetName: updated.policyName,
        before: auditShape(current),
        after: auditShape(updated),
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(body.policy_name ?? "");
    throw err;
  }
  return getPolicy(db, id);
}

export async function deletePolicy(db: Db, actor: AuditActor, id: string): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      const [current] = await tx.select().from(policies).where(eq(policies.id, id)).for("update");
      if (!current) throw notFound("Policy");
      if (current.builtin) throw builtinRefusal(current, "deleted");
      const use = await describeUse(tx, id);
      if (use) throw conflict(`"${current.policyName}" is used by ${use}. Assign another policy there first.`);
      await tx.delete(policies).where(eq(policies.id, id));
      await recordAudit(tx, actor, { action: "policy.delete", targetType: "policy", targetId: id, targetName: current.policyName, before: auditShape(current) });
    });
  } catch (err) {
    // An API was assigned this policy between the check and the delete: the foreign key refuses.
    if (isForeignKeyViolation(err)) throw conflict("This policy was just assigned to an API. Reload and try again.");
    throw err;
  }
}
