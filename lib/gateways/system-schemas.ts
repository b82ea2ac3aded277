import { z } from "zod";

/**
 * Bodies the authorizer sends to the system API (Cloudentity's SetGatewayConfigurationRequest and
 * GatewayRequestEvents). Unknown properties are ignored (newer authorizers may send more);
 * known ones are checked strictly, and a malformed push is refused whole (422).
 */

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"] as const;

const method = z
  .string()
  .transform((m) => m.toUpperCase())
  .pipe(z.enum(METHODS, `method must be one of ${METHODS.join(", ")}`));

/** API Gateway resource paths: `/`, `/pets/{petId}`, `/{proxy+}`. */
const path = z
  .string()
  .max(1024, "at most 1024 characters")
  .regex(/^\/[^\s?#]*$/, "path must start with / and contain no spaces, ? or #");

export const discoveredApiSchema = z.looseObject({
  method,
  path,
  api_type: z.enum(["rest", "graphql"]).default("rest"),
});

const text = (max: number) => z.string().min(1, "cannot be empty").max(max, `at most ${max} characters`);

export const apiGroupPushSchema = z.looseObject({
  id: text(200),
  name: text(200),
  metadata: z.looseObject({
    type: z.literal("aws", "metadata.type must be aws"),
    aws: z.looseObject({ api_id: text(100), api_name: z.string().max(200), stage: text(128) }),
  }),
  apis: z.array(discoveredApiSchema).max(5000, "at most 5000 APIs per group").default([]),
});

export const setGatewayConfigurationSchema = z
  .looseObject({
    api_groups: z.array(apiGroupPushSchema).max(1000, "at most 1000 API groups per push"),
    /**
     * Gatehouse extension (not in Cloudentity's SetGatewayConfigurationRequest; other consumers
     * ignore it): true when the authorizer read every REST API of its region in this sync, so a
     * known group missing from the push is gone from AWS. Absent or false: a partial push, which
     * marks nothing gone.
     */
    complete: z.boolean("complete must be a boolean").optional(),
  })
  .refine((b) => new Set(b.api_groups.map((g) => g.id)).size === b.api_groups.length, {
    message: "api_groups repeats a group id",
    path: ["api_groups"],
  });

export type SetGatewayConfigurationBody = z.infer<typeof setGatewayConfigurationSchema>;
export type ApiGroupPush = z.infer<typeof apiGroupPushSchema>;

const optionalText = (max: number) => z.string().max(max).optional();

const failureList = z
  .array(z.looseObject({ validator: optionalText(200), message: optionalText(2000), details: optionalText(4000) }))
  .max(50)
  .optional();

/** A header name as the authorizer reports it (at most 256 characters; lower-cased here; values are never sent). */
const headerName = z
  .string()
  .min(1)
  .max(256, "header names are at most 256 characters")
  .transform((h) => h.toLowerCase());

export const gatewayRequestEventSchema = z.looseObject({
  api_id: optionalText(100),
  duration_ms: z.number().min(0).max(86_400_000).optional(),
  result: z.looseObject({
    result: z.enum(["AUTHORIZED", "UNAUTHORIZED"]),
    failure: failureList,
  }),
  /**
   * Gatehouse extension (issue 16, docs/shadow-policies.md): what the API's shadow policy would
   * have answered. Consumers following the upstream schema ignore it.
   */
  shadow: z
    .looseObject({
      policy_id: text(100),
      result: z.enum(["allow", "deny", "broken"], "shadow.result must be allow, deny or broken"),
      failure: failureList,
    })
    .optional(),
  /** Gatehouse extension: the request's method, path and header names (never values), for replays. */
  request: z
    .looseObject({
      method: z.string().min(1).max(16).transform((m) => m.toUpperCase()),
      path: z.string().min(1).max(2048),
      header_names: z.array(headerName).max(200, "at most 200 header names").default([]),
    })
    .optional(),
  invocation_ctx: z.record(z.string(), z.unknown()).optional(),
  user_agent: optionalText(1000),
  x_forwarded_for: optionalText(1000),
  x_real_ip: optionalText(100),
});

export const gatewayRequestEventsSchema = z.looseObject({
  events: z.array(gatewayRequestEventSchema).max(10_000, "at most 10000 events per push"),
});

export type GatewayRequestEvent = z.infer<typeof gatewayRequestEventSchema>;

/** `?authorizer_version=` on every system call (Cloudentity's default: `latest`). */
export const systemQuerySchema = z.looseObject({
  authorizer_version: z
    .string()
    .trim()
    .max(100, "at most 100 characters")
    .regex(/^[A-Za-z0-9._+~-]*$/, "letters, digits and . _ + ~ - only")
    .optional(),
});
