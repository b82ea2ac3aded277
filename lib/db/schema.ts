import { sql } from "drizzle-orm";
import type { AuthorizerSettings } from "../../protocol/settings/catalogue";
import {
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { REQUEST_RESULTS, SHADOW_RESULTS } from "../../protocol/decision-events";
import type { ApiGroupMetadata } from "../../protocol/discovery";

/** One schema for both engines (PGlite and PostgreSQL); migrations live in ./migrations. */

export const ROLES = ["admin", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** A point in time with its time zone, read as a Date. */
const timestampTz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** The row's id: a uuid the database generates. */
const uuidPrimaryKey = () => uuid("id").primaryKey().defaultRandom();

/** Optimistic concurrency: every write bumps it; a write carrying an older one gets 409. */
const rowVersion = () => integer("version").notNull().default(1);

const timestamps = {
  createdAt: timestampTz("created_at").notNull().defaultNow(),
  updatedAt: timestampTz("updated_at").notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: uuidPrimaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name"),
    /** Null for accounts that only sign in through OIDC. */
    passwordHash: text("password_hash"),
    role: text("role", { enum: ROLES }).notNull(),
    oidcIssuer: text("oidc_issuer"),
    oidcSubject: text("oidc_subject"),
    lastSignInAt: timestampTz("last_sign_in_at"),
    version: rowVersion(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_username_key").on(sql`lower(${t.username})`),
    uniqueIndex("users_oidc_key").on(t.oidcIssuer, t.oidcSubject),
    check("users_role_check", sql`${t.role} in ('admin', 'viewer')`),
  ],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuidPrimaryKey(),
    name: text("name").notNull(),
    /** SHA-256 of the token; the token itself is shown once and never stored. */
    tokenDigest: text("token_digest").notNull(),
    /** The first characters, so a user can tell tokens apart. */
    tokenPrefix: text("token_prefix").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lastUsedAt: timestampTz("last_used_at"),
    revokedAt: timestampTz("revoked_at"),
    createdAt: timestampTz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("api_tokens_digest_key").on(t.tokenDigest),
    index("api_tokens_user_idx").on(t.userId),
    check("api_tokens_role_check", sql`${t.role} in ('admin', 'viewer')`),
  ],
);

export type User = typeof users.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;

/* ------------------------------------------------------------------------------------------ *
 * Gateways, their OAuth clients, discovered API groups, services, APIs and policies          *
 * (shapes of the Cloudentity gateway protocol's admin model; schema copy in test/reference/).    *
 * ------------------------------------------------------------------------------------------ */

/** The authorizer's settings a gateway stores, in env-var terms: typed from protocol/settings/catalogue.ts. */
export type { AuthorizerSettings };

export const gateways = pgTable(
  "gateways",
  {
    id: uuidPrimaryKey(),
    tenantId: text("tenant_id").notNull().default("default"),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    type: text("type", { enum: ["aws"] }).notNull().default("aws"),
    createAndBindServicesAutomatically: boolean("create_and_bind_services_automatically").notNull().default(false),
    defaultPolicyId: uuid("default_policy_id").references(() => policies.id, { onDelete: "set null" }),
    region: text("region").notNull(),
    settings: jsonb("settings").$type<AuthorizerSettings>().notNull(),
    eventsPerSecond: integer("events_per_second").notNull().default(10),
    lastActiveAt: timestampTz("last_active_at"),
    lastAuthorizerVersion: text("last_authorizer_version"),
    /** Bumped by any change that alters the configuration the authorizer receives (ETag input). */
    configRevision: integer("config_revision").notNull().default(1),
    /** The newest revision an authorizer of this gateway fetched, and when it first did (its reports, not assumptions). */
    configFetchedRevision: integer("config_fetched_revision"),
    configFetchedAt: timestampTz("config_fetched_at"),
    /**
     * The reload interval its authorizer last reported running with (ms, on a configuration
     * fetch): the function's environment wins over the console's setting, so this is the truth
     * for a stack the console did not launch or that was changed outside it.
     */
    reportedReloadIntervalMs: integer("reported_reload_interval_ms"),
    /** When the authorizer last pushed its discovery (the end of a scheduled sync). */
    lastSyncAt: timestampTz("last_sync_at"),
    /** When the console last asked the authorizer to sync now (invoked its function). */
    syncRequestedAt: timestampTz("sync_requested_at"),
    version: rowVersion(),
    ...timestamps,
  },
  (t) => [uniqueIndex("gateways_tenant_name_key").on(t.tenantId, sql`lower(${t.name})`)],
);

export const GATEWAY_SCOPES = [
  "read_gateway_configuration",
  "write_gateway_configuration",
  "push_gateway_requests",
  "introspect_tokens",
] as const;

/** A gateway's OAuth client in the tenant's `system` workspace (client_credentials). */
export const oauthClients = pgTable(
  "oauth_clients",
  {
    clientId: text("client_id").primaryKey(),
    gatewayId: uuid("gateway_id")
      .notNull()
      .references(() => gateways.id, { onDelete: "cascade" }),
    /** AES-256-GCM (lib/crypto/secrets) — the Settings tab can reveal it, so it is not a hash. */
    secretEncrypted: text("secret_encrypted").notNull(),
    scopes: jsonb("scopes").$type<string[]>().notNull(),
    secretRotatedAt: timestampTz("secret_rotated_at").notNull().defaultNow(),
    createdAt: timestampTz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("oauth_clients_gateway_key").on(t.gatewayId)],
);

/** ES256 keys that sign gateway access tokens; private halves encrypted at rest. */
export const signingKeys = pgTable("signing_keys", {
  kid: text("kid").primaryKey(),
  alg: text("alg").notNull().default("ES256"),
  privateJwkEncrypted: text("private_jwk_encrypted").notNull(),
  publicJwk: jsonb("public_jwk").$type<Record<string, unknown>>().notNull(),
  createdAt: timestampTz("created_at").notNull().defaultNow(),
  /** Set when a newer key took over signing; the key stays in the JWKS until `expiresAt`. */
  retiredAt: timestampTz("retired_at"),
  expiresAt: timestampTz("expires_at"),
});

export const services = pgTable(
  "services",
  {
    id: uuidPrimaryKey(),
    tenantId: text("tenant_id").notNull().default("default"),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    gatewayId: uuid("gateway_id").references(() => gateways.id, { onDelete: "set null" }),
    version: rowVersion(),
    ...timestamps,
  },
  (t) => [index("services_gateway_idx").on(t.gatewayId)],
);

/** As the authorizer pushes it and the configuration serves it back (protocol/discovery.ts). */
export type { ApiGroupMetadata };

export interface DiscoveredApi {
  method: string;
  path: string;
  api_type?: string;
}

/** What an authorizer discovered: one group per REST API and stage, id `{api_id}-{stage}`. */
export const apiGroups = pgTable(
  "api_groups",
  {
    gatewayId: uuid("gateway_id")
      .notNull()
      .references(() => gateways.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    metadata: jsonb("metadata").$type<ApiGroupMetadata>().notNull(),
    apis: jsonb("apis").$type<DiscoveredApi[]>().notNull(),
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "set null" }),
    firstSeenAt: timestampTz("first_seen_at").notNull().defaultNow(),
    lastSeenAt: timestampTz("last_seen_at").notNull().defaultNow(),
    /** When the group's API list last changed (not merely re-pushed). */
    changedAt: timestampTz("changed_at").notNull().defaultNow(),
    /** Set when a complete discovery no longer reports the group (its REST API or stage was deleted). */
    goneAt: timestampTz("gone_at"),
  },
  (t) => [primaryKey({ columns: [t.gatewayId, t.id] }), uniqueIndex("api_groups_service_key").on(t.serviceId)],
);

export const policies = pgTable(
  "policies",
  {
    id: uuidPrimaryKey(),
    tenantId: text("tenant_id").notNull().default("default"),
    policyName: text("policy_name").notNull(),
    description: text("description").notNull().default(""),
    type: text("type", { enum: ["api"] }).notNull().default("api"),
    language: text("language", { enum: ["cloudentity"] }).notNull().default("cloudentity"),
    validators: jsonb("validators").$type<unknown[]>().notNull(),
    /** Built-ins (Block API, Allow) are read-only and cannot be deleted. */
    builtin: text("builtin", { enum: ["block", "allow"] }),
    version: rowVersion(),
    ...timestamps,
  },
  (t) => [uniqueIndex("policies_tenant_name_key").on(t.tenantId, sql`lower(${t.policyName})`)],
);

/** A service's API (method + path); `policyId` null = Unrestricted. */
export const apis = pgTable(
  "apis",
  {
    id: uuidPrimaryKey(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    method: text("method").notNull(),
    path: text("path").notNull(),
    apiType: text("api_type").notNull().default("rest"),
    position: integer("position").notNull().default(0),
    policyId: uuid("policy_id").references(() => policies.id, { onDelete: "restrict" }),
    /** When the enforcement of this API last changed (policy assigned/cleared); vs. the stage's last deployment. */
    policyChangedAt: timestampTz("policy_changed_at"),
    /**
     * The API's shadow policy (issue 16): the authorizer evaluates it beside the enforced one and
     * reports what it would have answered; it never decides. Null: none.
     */
    shadowPolicyId: uuid("shadow_policy_id").references(() => policies.id, { onDelete: "restrict" }),
    version: rowVersion(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("apis_service_method_path_key").on(t.serviceId, t.method, t.path),
    index("apis_policy_idx").on(t.policyId),
    index("apis_shadow_policy_idx").on(t.shadowPolicyId),
  ],
);

/** Issuers whose end-user tokens the authorizers accept (part of the configuration they fetch). */
export const trustedIssuers = pgTable(
  "trusted_issuers",
  {
    id: uuidPrimaryKey(),
    tenantId: text("tenant_id").notNull().default("default"),
    issuer: text("issuer").notNull(),
    jwksUri: text("jwks_uri").notNull(),
    audiences: jsonb("audiences").$type<string[]>().notNull().default([]),
    introspectionEndpoint: text("introspection_endpoint"),
    introspectionClientId: text("introspection_client_id"),
    introspectionClientSecretEncrypted: text("introspection_client_secret_encrypted"),
    enabled: boolean("enabled").notNull().default(true),
    version: rowVersion(),
    /**
     * The issuer's JWK Set as the console last fetched it (public members only), embedded in the
     * gateways' configuration (`trusted_issuers[].jwks`) so a cold authorizer need not fetch it.
     * Written by lib/issuers/jwks-refresh.ts only when the keys change (with every gateway's
     * config_revision); null until a fetch succeeded.
     */
    jwks: jsonb("jwks").$type<{ keys: Record<string, unknown>[] }>(),
    /** When the console fetched `jwks` (the authorizer counts JWKS_MAX_AGE from here; re-stamped when old). */
    jwksFetchedAt: timestamp("jwks_fetched_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex("trusted_issuers_tenant_issuer_key").on(t.tenantId, t.issuer)],
);

/** Decision events pushed by authorizers (`POST …/gateways/requests`); never raw tokens. */
export const decisionEvents = pgTable(
  "decision_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    gatewayId: uuid("gateway_id")
      .notNull()
      .references(() => gateways.id, { onDelete: "cascade" }),
    apiId: text("api_id"),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    result: text("result", { enum: REQUEST_RESULTS }).notNull(),
    durationMs: doublePrecision("duration_ms"),
    failures: jsonb("failures").$type<unknown[]>(),
    invocationCtx: jsonb("invocation_ctx").$type<Record<string, unknown>>(),
    userAgent: text("user_agent"),
    xForwardedFor: text("x_forwarded_for"),
    xRealIp: text("x_real_ip"),
    /** The API's shadow policy at the decision and what it would have answered (null: no shadow). */
    shadowPolicyId: text("shadow_policy_id"),
    shadowResult: text("shadow_result", { enum: SHADOW_RESULTS }),
    shadowFailures: jsonb("shadow_failures").$type<unknown[]>(),
    /** The request's method, path and header names (never values): what a policy replay needs. */
    requestMethod: text("request_method"),
    requestPath: text("request_path"),
    requestHeaderNames: jsonb("request_header_names").$type<string[]>(),
  },
  (t) => [index("decision_events_api_at_idx").on(t.apiId, t.at), index("decision_events_gateway_at_idx").on(t.gatewayId, t.at)],
);

/** Who changed what, when, with the before and after (secrets never included). */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestampTz("at").notNull().defaultNow(),
    actorUserId: uuid("actor_user_id"),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    targetName: text("target_name"),
    before: jsonb("before").$type<Record<string, unknown> | null>(),
    after: jsonb("after").$type<Record<string, unknown> | null>(),
  },
  (t) => [index("audit_events_at_idx").on(t.at), index("audit_events_target_idx").on(t.targetType, t.targetId)],
);

export type Gateway = typeof gateways.$inferSelect;
export type OAuthClient = typeof oauthClients.$inferSelect;
export type SigningKey = typeof signingKeys.$inferSelect;
export type Service = typeof services.$inferSelect;
export type ApiGroup = typeof apiGroups.$inferSelect;
export type Policy = typeof policies.$inferSelect;
export type Api = typeof apis.$inferSelect;
export type TrustedIssuer = typeof trustedIssuers.$inferSelect;
export type DecisionEvent = typeof decisionEvents.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;

/* ------------------------------------------------------------------------------------------ *
 * AWS from the console (lib/aws): console settings, the authorizer stack of each gateway and  *
 * its events, the redeploy queue (jobs + items) and the record of stage deployments.          *
 * ------------------------------------------------------------------------------------------ */

/** Console-wide settings an admin changes in the UI (key → JSON value), e.g. `aws.artifacts_bucket`. */
export const consoleSettings = pgTable("console_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").$type<unknown>().notNull(),
  updatedBy: text("updated_by"),
  version: rowVersion(),
  updatedAt: timestampTz("updated_at").notNull().defaultNow(),
});

/** The CloudFormation stack that runs a gateway's authorizer (one per gateway). */
export const authorizerStacks = pgTable("authorizer_stacks", {
  gatewayId: uuid("gateway_id")
    .primaryKey()
    .references(() => gateways.id, { onDelete: "cascade" }),
  stackName: text("stack_name").notNull(),
  /** The stack's ARN: it still names the stack after a delete, when the name may be reused. */
  stackId: text("stack_id").notNull(),
  region: text("region").notNull(),
  accountId: text("account_id").notNull(),
  /** Last known StackStatus (CREATE_IN_PROGRESS, CREATE_COMPLETE, ROLLBACK_COMPLETE, …). */
  status: text("status").notNull(),
  statusReason: text("status_reason"),
  operation: text("operation", { enum: ["launch", "update", "delete"] }).notNull(),
  /** Bumped by every launch/update/delete; events are tagged with the operation they belong to. */
  operationSeq: integer("operation_seq").notNull().default(1),
  operationStartedAt: timestampTz("operation_started_at").notNull().defaultNow(),
  artifactsBucket: text("artifacts_bucket").notNull(),
  codeKey: text("code_key").notNull(),
  templateKey: text("template_key").notNull(),
  templateSha256: text("template_sha256").notNull(),
  authorizerVersion: text("authorizer_version").notNull(),
  /** Every parameter except the client secret (which is never stored here). */
  parameters: jsonb("parameters").$type<Record<string, string>>().notNull(),
  /** The gateway client's secretRotatedAt when the secret was last passed to the stack. */
  secretRotatedAt: timestampTz("secret_rotated_at"),
  resourceCount: integer("resource_count").notNull(),
  /** The stack's Outputs (FunctionName, FunctionArn) once AWS reports them. */
  outputs: jsonb("outputs").$type<Record<string, string>>().notNull().default({}),
  /** Newest stack event id already stored (DescribeStackEvents pages newest-first). */
  eventsCursor: text("events_cursor"),
  lastPolledAt: timestampTz("last_polled_at"),
  version: rowVersion(),
  ...timestamps,
});

export const authorizerStackEvents = pgTable(
  "authorizer_stack_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    gatewayId: uuid("gateway_id")
      .notNull()
      .references(() => gateways.id, { onDelete: "cascade" }),
    stackId: text("stack_id").notNull(),
    operationSeq: integer("operation_seq").notNull(),
    eventId: text("event_id").notNull(),
    at: timestampTz("at").notNull(),
    logicalResourceId: text("logical_resource_id").notNull(),
    resourceType: text("resource_type").notNull(),
    resourceStatus: text("resource_status").notNull(),
    reason: text("reason"),
  },
  (t) => [uniqueIndex("authorizer_stack_events_event_key").on(t.stackId, t.eventId), index("authorizer_stack_events_gateway_idx").on(t.gatewayId, t.operationSeq)],
);

export const REDEPLOY_JOB_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export const REDEPLOY_ITEM_STATUSES = ["pending", "running", "succeeded", "failed"] as const;

/** A redeploy queue run for one AWS account + region; at most one queued/running job per pair. */
export const redeployJobs = pgTable(
  "redeploy_jobs",
  {
    id: uuidPrimaryKey(),
    accountId: text("account_id").notNull(),
    region: text("region").notNull(),
    status: text("status", { enum: REDEPLOY_JOB_STATUSES }).notNull().default("queued"),
    requestedBy: text("requested_by").notNull(),
    requestedByUserId: uuid("requested_by_user_id"),
    /** Worker lease: the process working the job and until when (another takes over after expiry). */
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestampTz("lease_expires_at"),
    startedAt: timestampTz("started_at"),
    finishedAt: timestampTz("finished_at"),
    version: rowVersion(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("redeploy_jobs_active_key").on(t.accountId, t.region).where(sql`${t.status} in ('queued', 'running')`),
    index("redeploy_jobs_created_idx").on(t.createdAt),
  ],
);

/** One REST API stage of a job: its CreateDeployment result. */
export const redeployItems = pgTable(
  "redeploy_items",
  {
    id: uuidPrimaryKey(),
    jobId: uuid("job_id")
      .notNull()
      .references(() => redeployJobs.id, { onDelete: "cascade" }),
    gatewayId: uuid("gateway_id").references(() => gateways.id, { onDelete: "set null" }),
    restApiId: text("rest_api_id").notNull(),
    apiName: text("api_name").notNull(),
    stage: text("stage").notNull(),
    position: integer("position").notNull(),
    /** Why it is deployed: what changed (APIs whose enforcement changed), for the record. */
    changes: jsonb("changes").$type<{ method: string; path: string; policy: string | null }[]>().notNull().default([]),
    /** Who asked for this stage (a later click that joined the job may be someone else). */
    requestedBy: text("requested_by").notNull(),
    requestedByUserId: uuid("requested_by_user_id"),
    status: text("status", { enum: REDEPLOY_ITEM_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    awsDeploymentId: text("aws_deployment_id"),
    error: text("error"),
    /** What the deployment really published for the connected methods (GetDeployment apisummary). */
    verification: jsonb("verification").$type<DeploymentVerification | null>(),
    startedAt: timestampTz("started_at"),
    finishedAt: timestampTz("finished_at"),
  },
  (t) => [uniqueIndex("redeploy_items_job_stage_key").on(t.jobId, t.restApiId, t.stage), index("redeploy_items_job_idx").on(t.jobId, t.position)],
);

/** Every stage deployment the console made: who, when, what, and AWS's deployment id. */
export const stageDeployments = pgTable(
  "stage_deployments",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    accountId: text("account_id").notNull(),
    region: text("region").notNull(),
    restApiId: text("rest_api_id").notNull(),
    stage: text("stage").notNull(),
    awsDeploymentId: text("aws_deployment_id").notNull(),
    deployedAt: timestampTz("deployed_at").notNull().defaultNow(),
    deployedBy: text("deployed_by").notNull(),
    deployedByUserId: uuid("deployed_by_user_id"),
    jobId: uuid("job_id").references(() => redeployJobs.id, { onDelete: "set null" }),
    gatewayId: uuid("gateway_id").references(() => gateways.id, { onDelete: "set null" }),
    changes: jsonb("changes").$type<{ method: string; path: string; policy: string | null }[]>().notNull().default([]),
  },
  (t) => [index("stage_deployments_stage_idx").on(t.restApiId, t.stage, t.deployedAt), index("stage_deployments_region_idx").on(t.accountId, t.region, t.deployedAt)],
);

/** A redeploy item's check of the deployment it made: per connected method, the published authorizationType. */
export interface DeploymentVerification {
  checkedAt: string;
  methods: { method: string; path: string; authorizationType: string | null }[];
  unprotected: number;
}

/** One connected method of a stage as read from AWS (lib/enforcement/aws-state). */
export interface StageMethodState {
  method: string;
  path: string;
  /** The method now (GetResources): "ours" = CUSTOM with an authorizer whose URI names this gateway's function. */
  attachment: "ours" | "foreign" | "none" | "other";
  authorizationType: string;
  authorizerId: string | null;
  /** What the stage's deployed snapshot publishes for it (GetDeployment apisummary); null: not in the snapshot. */
  deployedAuthorizationType: string | null;
  /**
   * Whose authorizer the deployed snapshot runs for it (GetExport with the authorizers extension):
   * "ours" = its URI names this gateway's function; "gone" = it names the function of this
   * gateway's stack that AWS reported deleted (API Gateway answers 500). Absent in rows read
   * before this was recorded.
   */
  deployedAuthorizer?: "ours" | "foreign" | "gone" | null;
}

/**
 * What AWS says about one connected REST API stage of a gateway, with its age: the methods'
 * attachments, the stage's deployed snapshot and this gateway's API Gateway authorizer there.
 */
export const stageEnforcement = pgTable(
  "stage_enforcement",
  {
    gatewayId: uuid("gateway_id")
      .notNull()
      .references(() => gateways.id, { onDelete: "cascade" }),
    restApiId: text("rest_api_id").notNull(),
    stage: text("stage").notNull(),
    checkedAt: timestampTz("checked_at").notNull().defaultNow(),
    /** Why the last read failed (AWS unreachable, stage gone, no stack); the rest keeps the previous read. */
    error: text("error"),
    deploymentId: text("deployment_id"),
    deployedAt: timestampTz("deployed_at"),
    /** Ids of this gateway's API Gateway authorizers on the REST API (by authorizerUri). */
    authorizerIds: jsonb("authorizer_ids").$type<string[]>().notNull().default([]),
    authorizerTtlSeconds: integer("authorizer_ttl_seconds"),
    methods: jsonb("methods").$type<StageMethodState[]>().notNull().default([]),
    /** When the stage's authorizer cache was last flushed by the console. */
    cacheFlushedAt: timestampTz("cache_flushed_at"),
  },
  (t) => [primaryKey({ columns: [t.gatewayId, t.restApiId, t.stage] })],
);

export type StageEnforcement = typeof stageEnforcement.$inferSelect;
export type ConsoleSetting = typeof consoleSettings.$inferSelect;
export type AuthorizerStack = typeof authorizerStacks.$inferSelect;
export type AuthorizerStackEvent = typeof authorizerStackEvents.$inferSelect;
export type RedeployJob = typeof redeployJobs.$inferSelect;
export type RedeployItem = typeof redeployItems.$inferSelect;
export type StageDeployment = typeof stageDeployments.$inferSelect;
