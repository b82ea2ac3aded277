import { z } from "zod";
import { versionField, type Versioned } from "../api/if-match";

/** `protected`/`unrestricted`: has a policy or not; `pending`: its stage is behind; `open`: open at the gateway. */
export const API_STATUSES = ["protected", "unrestricted", "pending", "open"] as const;

export const listApisQuerySchema = z.strictObject({
  service_id: z.uuid("service_id must be a uuid").optional(),
  gateway_id: z.uuid("gateway_id must be a uuid").optional(),
  status: z.enum(API_STATUSES).optional(),
  q: z.string().trim().max(200, "at most 200 characters").optional(),
});

const policyIdField = z
  .uuid("policy_id must be a uuid or null")
  .nullable()
  .optional()
  .meta({ description: "The enforced policy; null = Unrestricted; absent = unchanged." });
const shadowPolicyIdField = z
  .uuid("shadow_policy_id must be a uuid or null")
  .nullable()
  .optional()
  .meta({ description: "The shadow policy (evaluated and reported, never deciding); null = none; absent = unchanged." });

const SAY_WHAT = { message: "give policy_id, shadow_policy_id or both", path: ["policy_id"] };
const saysWhat = (b: { policy_id?: unknown; shadow_policy_id?: unknown }) => b.policy_id !== undefined || b.shadow_policy_id !== undefined;

export const updateApiBodySchema = z
  .strictObject({ policy_id: policyIdField, shadow_policy_id: shadowPolicyIdField, version: versionField })
  .refine(saysWhat, SAY_WHAT);

export const assignPoliciesBodySchema = z
  .strictObject({
    api_ids: z.array(z.uuid("each api id must be a uuid")).min(1, "select at least one API").max(500, "at most 500 APIs at once"),
    policy_id: policyIdField,
    shadow_policy_id: shadowPolicyIdField,
    versions: z.record(z.string(), z.number().int().positive()).optional(),
  })
  .refine((b) => new Set(b.api_ids).size === b.api_ids.length, { message: "api_ids repeats an id", path: ["api_ids"] })
  .refine(saysWhat, SAY_WHAT);

/** The body is optional: If-Match alone may give the version. */
export const promoteShadowBodySchema = z.strictObject({ version: versionField }).optional();

export type ListApisQuery = z.infer<typeof listApisQuerySchema>;
export type UpdateApiBody = Versioned<z.infer<typeof updateApiBodySchema>>;
export type AssignPoliciesBody = z.infer<typeof assignPoliciesBodySchema>;
export type PromoteShadowBody = z.infer<typeof promoteShadowBodySchema>;
