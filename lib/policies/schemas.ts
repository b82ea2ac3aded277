import { z } from "zod";
import { boundedJson } from "../api/json-bounds";
import { versionField, type Versioned } from "../api/if-match";

/** Bodies of the policies admin API. Validators are checked by the policy engine, not here. */

const policyName = z.string().trim().min(1, "give the policy a name").max(100, "at most 100 characters");
const description = z.string().trim().max(1000, "at most 1000 characters");
/** Stored as jsonb: at most 100 validators and VALIDATORS_MAX_BYTES (nesting is bounded for every body). */
export const VALIDATORS_MAX_BYTES = 256 * 1024;
const validators = boundedJson(z.array(z.unknown()).max(100, "at most 100 validators"), VALIDATORS_MAX_BYTES);

export const createPolicyBodySchema = z.strictObject({
  policy_name: policyName,
  description: description.optional(),
  type: z.literal("api").optional(),
  language: z.literal("cloudentity").optional(),
  validators,
});

export const updatePolicyBodySchema = z
  .strictObject({
    version: versionField,
    policy_name: policyName.optional(),
    description: description.optional(),
    type: z.literal("api").optional(),
    language: z.literal("cloudentity").optional(),
    validators: validators.optional(),
  })
  .refine((b) => b.policy_name !== undefined || b.description !== undefined || b.validators !== undefined, {
    message: "nothing to change: give policy_name, description or validators",
  });

const headerName = z.string().trim().min(1, "header name is empty").max(200);

export const testPolicyBodySchema = z
  .strictObject({
    policy_id: z.uuid("policy_id must be a uuid").optional(),
    /** An unsaved definition (`{ validators: [...] }`), e.g. what the editor holds right now. */
    policy: z.unknown().optional(),
    request: z.strictObject({
      method: z.string().trim().min(1, "give a method").max(16),
      path: z.string().trim().min(1, "give a path").max(2048).startsWith("/", "a path starts with /"),
      headers: z.record(headerName, z.string().max(8192)).default({}),
      query: z.record(z.string().max(200), z.string().max(2048)).optional(),
    }),
    authn_ctx: z.record(z.string(), z.unknown()).nullable().optional(),
    /** A JWT whose payload is used as the authn context, decoded without verifying its signature. */
    jwt: z.string().trim().min(1).max(16384).optional(),
  })
  .refine((b) => (b.policy_id === undefined) !== (b.policy === undefined), {
    message: "give either policy_id or policy",
    path: ["policy"],
  })
  .refine((b) => !(b.jwt && b.authn_ctx), { message: "give either authn_ctx or jwt, not both", path: ["jwt"] });

/** `POST /policies/replay`: a policy (saved or the draft) over an API's recent decisions. */
export const replayPolicyBodySchema = z
  .strictObject({
    policy_id: z.uuid("policy_id must be a uuid").optional(),
    policy: z.unknown().optional(),
    api_id: z.uuid("api_id must be a uuid"),
    hours: z.number().int("hours must be a whole number").min(1, "at least 1 hour").max(168, "at most 168 hours (7 days)").default(24),
    limit: z.number().int().min(1).max(2000, "at most 2000 decisions").default(500),
  })
  .refine((b) => (b.policy_id === undefined) !== (b.policy === undefined), { message: "give either policy_id or policy", path: ["policy"] });

export type ReplayPolicyBody = z.infer<typeof replayPolicyBodySchema>;
export type CreatePolicyBody = z.infer<typeof createPolicyBodySchema>;
export type UpdatePolicyBody = Versioned<z.infer<typeof updatePolicyBodySchema>>;
export type TestPolicyBody = z.infer<typeof testPolicyBodySchema>;
