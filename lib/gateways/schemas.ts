import { z } from "zod";
import { versionField, type Versioned } from "../api/if-match";
import { AWS_REGION_PATTERN } from "../../protocol/aws-region";
import { authorizerSettingsPatchSchema } from "./settings";

/** Request bodies of the admin API for gateways, API groups and services. */

const name = z.string().trim().min(1, "give it a name").max(80, "at most 80 characters");
const description = z.string().trim().max(500, "at most 500 characters");
const region = z.string().trim().regex(AWS_REGION_PATTERN, "not an AWS region code (e.g. eu-west-1)");
const policyId = z.uuid("default_policy_id must be a uuid or null").nullable();
const eventsPerSecond = z.number().int("a whole number").min(1, "1 to 10000").max(10_000, "1 to 10000");

export const createGatewayBodySchema = z.strictObject({
  name,
  description: description.optional(),
  type: z.literal("aws", "only Amazon API Gateway (aws) is supported").default("aws"),
  create_and_bind_services_automatically: z.boolean().optional(),
  default_policy_id: policyId.optional(),
  region: region.default("us-east-1"),
  settings: authorizerSettingsPatchSchema.optional(),
  events_per_second: eventsPerSecond.optional(),
});

export const updateGatewayBodySchema = z.strictObject({
  version: versionField,
  name: name.optional(),
  description: description.optional(),
  create_and_bind_services_automatically: z.boolean().optional(),
  default_policy_id: policyId.optional(),
  region: region.optional(),
  settings: authorizerSettingsPatchSchema.optional(),
  events_per_second: eventsPerSecond.optional(),
});

export type CreateGatewayBody = z.infer<typeof createGatewayBodySchema>;
export type UpdateGatewayBody = Versioned<z.infer<typeof updateGatewayBodySchema>>;

/** Service names may be long: services created for discovered groups are named after them. */
const serviceName = z.string().trim().min(1, "give it a name").max(200, "at most 200 characters");

export const createServiceBodySchema = z.strictObject({
  name: serviceName,
  description: description.optional(),
});

export const updateServiceBodySchema = z.strictObject({
  version: versionField,
  name: serviceName.optional(),
  description: description.optional(),
});

export type CreateServiceBody = z.infer<typeof createServiceBodySchema>;
export type UpdateServiceBody = Versioned<z.infer<typeof updateServiceBodySchema>>;

export const bindGroupBodySchema = z.union([
  z.strictObject({ service_id: z.uuid("service_id must be a uuid") }),
  z.strictObject({ service: createServiceBodySchema }),
]);
export type BindGroupBody = z.infer<typeof bindGroupBodySchema>;

/** The `{group}` path segment: the group's id text (e.g. `a1b2c3-prod`), url-decoded. */
export const groupIdSchema = z.string().min(1).max(200);
