import * as z from "zod/mini";

/**
 * The discovered-groups push, `POST …/gateways/configuration` (docs/protocol.md; Cloudentity's
 * SetGatewayConfigurationRequest): what an authorizer found on API Gateway, one group per REST
 * API and stage. The authorizer builds it (lambda/sync/groups.ts), the console's system API
 * validates it with `setGatewayConfigurationSchema` (lib/gateways/discovery.ts stores it). Both
 * sides meet here so the push is written once.
 *
 * Written with zod/mini rather than classic zod: the authorizer bundles this folder and stays
 * small with mini; the console parses it with classic zod's functions (same core, same
 * messages). Unknown properties are ignored (newer authorizers may send more); known ones are
 * checked strictly, and a malformed push is refused whole (422).
 *
 * The types are aliases, not interfaces, so that they compare with the validator's loose objects
 * (see the check at the end).
 */

/** The methods a discovered API may have; `ANY` is API Gateway's catch-all. */
export const API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"] as const;
export type ApiMethod = (typeof API_METHODS)[number];

/** The platform's limits on one push. */
export const MAX_API_GROUPS_PER_PUSH = 1000;
export const MAX_APIS_PER_GROUP = 5000;
/** Group names (and `api_name`) are at most this long; REST API names may be longer. */
export const MAX_API_GROUP_NAME = 200;

/** Which REST API and stage a group is (also `services[].api_group_metadata` of the configuration). */
export type ApiGroupMetadata = {
  type: "aws";
  aws: {
    /** The REST API's id. */
    api_id: string;
    /** The REST API's name (at most 200 characters). */
    api_name: string;
    /** The stage. */
    stage: string;
  };
};

/** One method on one resource of the REST API. */
export type DiscoveredApi = {
  /** One of API_METHODS; any case on the wire (the console upper-cases it). */
  method: string;
  /** API Gateway's resource template (`/`, `/pets/{petId}`, `/{proxy+}`): starts with `/`, no spaces, `?` or `#`. */
  path: string;
  /** `rest` (the default when absent) or `graphql`. */
  api_type: "rest" | "graphql";
};

/** One API group: a REST API's stage. */
export type ApiGroupPush = {
  /** `{api_id}-{stage}` (ours: one group per stage). */
  id: string;
  /** `{api_name} ({stage})`, at most 200 characters. */
  name: string;
  metadata: ApiGroupMetadata;
  /** Every method of every resource except OPTIONS preflights; absent: none. */
  apis: DiscoveredApi[];
};

export type SetGatewayConfigurationRequest = {
  /** At most 1,000 groups, each id once. */
  api_groups: ApiGroupPush[];
  /**
   * Ours (not in Cloudentity's SetGatewayConfigurationRequest; other consumers ignore it): true
   * when the authorizer read every REST API of its region in this sync, so a known group missing
   * from the push is gone from AWS. Absent or false: a partial push, which marks nothing gone.
   */
  complete?: boolean;
};

const method = z.pipe(
  z.pipe(z.string(), z.transform((m: string) => m.toUpperCase())),
  z.enum(API_METHODS, `method must be one of ${API_METHODS.join(", ")}`),
);

/** API Gateway resource paths: `/`, `/pets/{petId}`, `/{proxy+}`. */
const path = z.string().check(z.maxLength(1024, "at most 1024 characters"), z.regex(/^\/[^\s?#]*$/, "path must start with / and contain no spaces, ? or #"));

const text = (max: number) => z.string().check(z.minLength(1, "cannot be empty"), z.maxLength(max, `at most ${max} characters`));

export const discoveredApiSchema = z.looseObject({
  method,
  path,
  api_type: z._default(z.enum(["rest", "graphql"]), "rest"),
});

export const apiGroupPushSchema = z.looseObject({
  id: text(200),
  name: text(MAX_API_GROUP_NAME),
  metadata: z.looseObject({
    type: z.literal("aws", "metadata.type must be aws"),
    aws: z.looseObject({ api_id: text(100), api_name: z.string().check(z.maxLength(MAX_API_GROUP_NAME)), stage: text(128) }),
  }),
  apis: z._default(z.array(discoveredApiSchema).check(z.maxLength(MAX_APIS_PER_GROUP, `at most ${MAX_APIS_PER_GROUP} APIs per group`)), []),
});

/** The one validator of the push; what it outputs is a SetGatewayConfigurationRequest. */
export const setGatewayConfigurationSchema = z
  .looseObject({
    api_groups: z.array(apiGroupPushSchema).check(z.maxLength(MAX_API_GROUPS_PER_PUSH, `at most ${MAX_API_GROUPS_PER_PUSH} API groups per push`)),
    complete: z.optional(z.boolean("complete must be a boolean")),
  })
  .check(
    z.refine((b) => new Set(b.api_groups.map((g) => g.id)).size === b.api_groups.length, {
      message: "api_groups repeats a group id",
      path: ["api_groups"],
    }),
  );

// The hand-written types and the validator are one: what passes is a SetGatewayConfigurationRequest,
// and every SetGatewayConfigurationRequest a sender builds is what the validator takes.
type Assert<T extends true> = T;
type _OneDefinition = [
  Assert<z.output<typeof setGatewayConfigurationSchema> extends SetGatewayConfigurationRequest ? true : false>,
  Assert<SetGatewayConfigurationRequest extends z.input<typeof setGatewayConfigurationSchema> ? true : false>,
];
