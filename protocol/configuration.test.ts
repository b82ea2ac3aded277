import { describe, expect, it } from "vitest";
import { parseConfiguration, type GatewayConfiguration } from "./configuration";

/** A document as the console serves it (lib/gateways/configuration.ts), every extension present. */
const served: GatewayConfiguration = {
  tenant_id: "default",
  server_id: "system",
  issuer_url: "https://idp.example",
  jwks_url: "https://idp.example/jwks",
  apis: [
    { id: "a1", service_id: "s1", method: "GET", path: "/pets", api_type: "rest", position: 0 },
    { id: "a2", service_id: "s1", method: "GET", path: "/pets/{petId}", policy_id: "p1", shadow_policy_id: "p2", api_type: "rest", position: 1 },
  ],
  policies: [
    { id: "p1", policy_name: "Read", type: "api", language: "cloudentity", validators: [{ name: "true" }] },
    { id: "p2", policy_name: "Draft", type: "api", language: "cloudentity", validators: [] },
  ],
  services: [
    {
      id: "s1",
      name: "PetStore",
      description: "",
      gateway_id: "g1",
      api_group_id: "abc123-prod",
      api_group_metadata: { type: "aws", aws: { api_id: "abc123", api_name: "PetStore", stage: "prod" } },
    },
  ],
  events_per_second: 10,
  trusted_issuers: [
    {
      issuer: "https://idp.example",
      jwks_uri: "https://idp.example/jwks",
      audiences: ["api"],
      introspection_endpoint: "https://idp.example/introspect",
      jwks: { keys: [{ kty: "RSA", kid: "k1" }] },
      jwks_fetched_at: "2026-01-02T03:04:05.000Z",
    },
    { issuer: "https://other.example", jwks_uri: "https://other.example/jwks", audiences: [] },
  ],
  settings: { LOGGING_LEVEL: "info", AWS_INJECT_CONTEXT: false, AUTHORIZER_CACHE_TTL: 0 },
};

const malformed = (body: unknown) => {
  const r = parseConfiguration(body);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(body)}`);
  return r.error;
};

describe("parseConfiguration (the authorizer's validator of the configuration document)", () => {
  it("accepts what the console serves and hands the authorizer what it reads", () => {
    const r = parseConfiguration(JSON.parse(JSON.stringify(served)));
    if (!r.ok) throw new Error(r.error);
    expect(r.config.apis).toEqual([
      { id: "a1", service_id: "s1", method: "GET", path: "/pets", policy_id: null, shadow_policy_id: null },
      { id: "a2", service_id: "s1", method: "GET", path: "/pets/{petId}", policy_id: "p1", shadow_policy_id: "p2" },
    ]);
    expect(r.config.policies).toEqual(served.policies); // the policy engine checks the rest
    expect(r.config.services).toEqual([{ id: "s1", aws: { api_id: "abc123", stage: "prod" } }]);
    expect(r.config.trusted_issuers).toEqual([
      {
        issuer: "https://idp.example",
        jwks_uri: "https://idp.example/jwks",
        audiences: ["api"],
        introspection_endpoint: "https://idp.example/introspect",
        jwks: { keys: [{ kty: "RSA", kid: "k1" }] },
        jwks_fetched_at: Date.parse("2026-01-02T03:04:05.000Z"),
      },
      { issuer: "https://other.example", jwks_uri: "https://other.example/jwks", audiences: [], introspection_endpoint: null },
    ]);
    expect(r.config).toMatchObject({ issuer_url: "https://idp.example", jwks_url: "https://idp.example/jwks", events_per_second: 10, settings: served.settings });
  });

  it.each<[string, unknown]>([
    ["an empty object", {}],
    ["a Cloudentity document (no trusted_issuers, no settings)", { issuer_url: "https://idp", jwks_url: "https://idp/jwks", apis: [], policies: [], services: [] }],
    ["nulls where lists and optional strings may be absent", { apis: null, policies: null, services: null, trusted_issuers: null, issuer_url: null }],
    ["unknown properties (a newer platform)", { apis: [{ id: "a", service_id: "s", method: "GET", path: "/", future: 1 }], future: { x: 1 } }],
    ["a service without AWS metadata", { services: [{ id: "s" }, { id: "t", api_group_metadata: { type: "other" } }] }],
    ["a trusted issuer with only its issuer", { trusted_issuers: [{ issuer: "https://idp" }] }],
    ["a null policy reference", { apis: [{ id: "a", service_id: "s", method: "GET", path: "/", policy_id: null, shadow_policy_id: null }] }],
  ])("accepts %s", (_what, body) => {
    expect(parseConfiguration(body).ok).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ["a string", "nope", "(root): expected an object"],
    ["an array", [], "(root): expected an object"],
    ["null", null, "(root): expected an object"],
    ["apis not a list", { apis: {} }, "apis: expected an array"],
    ["an API without a path", { apis: [{ id: "x" }] }, "apis.0.path: expected a non-empty string"],
    ["an API with an empty id", { apis: [{ id: "", service_id: "s", method: "GET", path: "/" }] }, "apis.0.id: expected a non-empty string"],
    ["a relative path", { apis: [{ id: "a", service_id: "s", method: "GET", path: "pets" }] }, "apis.0.path: path must start with /"],
    ["a numeric shadow_policy_id", { apis: [{ id: "a", service_id: "s", method: "GET", path: "/", shadow_policy_id: 7 }] }, "apis.0.shadow_policy_id: expected a string"],
    ["a policy without an id", { policies: [{ policy_name: "x" }] }, "policies.0.id: expected a non-empty string"],
    ["a numeric policy name", { policies: [{ id: "p", policy_name: 1 }] }, "policies.0.policy_name: expected a string"],
    ["AWS metadata without a stage", { services: [{ id: "s", api_group_metadata: { aws: { api_id: "a" } } }] }, "services.0.api_group_metadata.aws.stage: expected a non-empty string"],
    ["metadata not an object", { services: [{ id: "s", api_group_metadata: "aws" }] }, "services.0.api_group_metadata: expected an object"],
    ["a string events_per_second", { events_per_second: "10" }, "events_per_second: expected a number"],
    ["audiences not strings", { trusted_issuers: [{ issuer: "i", audiences: [1] }] }, "trusted_issuers.0.audiences: expected a list of strings"],
    ["an embedded JWKS without keys", { trusted_issuers: [{ issuer: "i", jwks: {}, jwks_fetched_at: "2026-01-01T00:00:00Z" }] }, "trusted_issuers.0.jwks.keys: expected an array"],
    ["an embedded JWKS without its fetch time", { trusted_issuers: [{ issuer: "i", jwks: { keys: [] } }] }, "trusted_issuers.0.jwks_fetched_at: expected a non-empty string"],
    ["a fetch time that is not a date", { trusted_issuers: [{ issuer: "i", jwks: { keys: [] }, jwks_fetched_at: "yesterday" }] }, "trusted_issuers.0.jwks_fetched_at: expected a date-time"],
  ])("refuses %s, naming the place", (_what, body, where) => {
    expect(malformed(body)).toBe(`the configuration is malformed at ${where}`);
  });

  it("refuses the whole document for one bad entry (the last good configuration stays in force)", () => {
    const body = JSON.parse(JSON.stringify(served)) as { apis: unknown[] };
    body.apis.push({ id: "bad" });
    expect(malformed(body)).toMatch(/^the configuration is malformed at apis\.2\./);
  });
});
