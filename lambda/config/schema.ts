import * as z from "zod/mini";

/**
 * The shape of `GET …/gateways/configuration` (gateway-protocol.md) that the authorizer relies on.
 * Unknown properties are ignored (a newer platform may send more); what the authorizer uses is
 * checked, and a document that fails the check is refused whole: the last good configuration
 * stays in force (fail closed on garbage, never half-apply it).
 * Policies stay `unknown` here: the policy engine validates them, one by one.
 */
const text = z.string().check(z.minLength(1));

export const configurationApiSchema = z.looseObject({
  id: text,
  service_id: text,
  method: text,
  path: z.string().check(z.regex(/^\//, "path must start with /")),
  policy_id: z.optional(z.nullable(z.string())),
});

export const configurationPolicySchema = z.looseObject({
  id: text,
  policy_name: z.optional(z.string()),
});

export const configurationServiceSchema = z.looseObject({
  id: text,
  name: z.optional(z.string()),
  api_group_id: z.optional(z.nullable(z.string())),
  api_group_metadata: z.optional(
    z.nullable(
      z.looseObject({
        type: z.optional(z.string()),
        aws: z.optional(z.nullable(z.looseObject({ api_id: text, api_name: z.optional(z.string()), stage: text }))),
      }),
    ),
  ),
});

export const trustedIssuerSchema = z.looseObject({
  issuer: text,
  jwks_uri: z.optional(z.string()),
  audiences: z.optional(z.array(z.string())),
  introspection_endpoint: z.optional(z.nullable(z.string())),
});

export const configurationSchema = z.looseObject({
  tenant_id: z.optional(z.string()),
  server_id: z.optional(z.string()),
  issuer_url: z.optional(z.string()),
  jwks_url: z.optional(z.string()),
  apis: z.optional(z.nullable(z.array(configurationApiSchema))),
  policies: z.optional(z.nullable(z.array(configurationPolicySchema))),
  services: z.optional(z.nullable(z.array(configurationServiceSchema))),
  events_per_second: z.optional(z.nullable(z.number())),
  trusted_issuers: z.optional(z.nullable(z.array(trustedIssuerSchema))),
  settings: z.optional(z.unknown()),
});

export type RawConfiguration = z.infer<typeof configurationSchema>;
export type RawTrustedIssuer = z.infer<typeof trustedIssuerSchema>;
