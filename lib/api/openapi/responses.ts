import { z } from "zod";
import { storedEntries, type AuthorizerSettings } from "../../../protocol/settings/catalogue";
import { storedValueType } from "../../gateways/settings";
import { AWS_ERROR_KINDS } from "../../aws/errors";
import { ERROR_CODES } from "../errors";
import type { WhoAmI } from "../../aws/identity";
import type { AwsSettingsView } from "../../aws/settings";
import type { InvokeUrls, InvokeUrlView } from "../../aws/invoke-urls";
import type { RedeployJobView } from "../../aws/redeploy/view";
import type { AuditEventView, AuditPage } from "../../audit/list";
import type { ApiList, ApiView } from "../../enforcement/apis";
import type { PolicyReplayResult } from "../../policies/replay";
import type { ApiGroupView } from "../../gateways/groups";
import type { ClientCredentialsView, RotatedClientView } from "../../gateways/client";
import type { ServiceApiView, ServiceView } from "../../gateways/services";
import type { CreatedGatewayView } from "../../gateways/gateways";
import type { GatewayView } from "../../gateways/view";
import type { TestIssuerState } from "../../test-issuer/issuer";
import type { IssuerView } from "../../issuers/service";
import type { PolicyView } from "../../policies/view";
import type { TokenView } from "../../tokens/service";
import type { UserView } from "../../users/service";
import type { GatewayEnforcementOverview } from "../../enforcement/gateway-overview";
import type { RefreshResult } from "../../enforcement/aws/refresh";
import type { FlushResult } from "../../enforcement/aws/flush";
import type { GatewayProgress } from "../../confirm/progress";
import type { TestRequestResult } from "../../confirm/test-request";
import type { SyncNowResult } from "../../aws/authorizer-sync";
import type { QuickCreateLink } from "../../aws/stack/quick-create";
import type { RedeployRequestResult } from "../../aws/redeploy/request";
import type { StackView } from "../../aws/stack/view";
import type { StackState } from "../../aws/stack/state";
import { ENFORCEMENT_STATUSES } from "../../enforcement/status";
import { REDEPLOY_ITEM_STATUSES, REDEPLOY_JOB_STATUSES, ROLES } from "../../db/schema";

/**
 * What the admin API answers, as zod schemas: the OpenAPI document's response bodies (and what the
 * integration tests check every real answer against). The views themselves are TypeScript types in
 * lib/**; `satisfies z.ZodType<View>` makes tsc fail when a schema misses or mistypes a view's field,
 * and the document forbids fields a schema does not name, so the integration tests fail on the rest.
 * A policy test's validator failures are open objects (diagnostics, not contract).
 */

const timestamp = z.iso.datetime();
const nullableTimestamp = timestamp.nullable();
const role = z.enum(ROLES);

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).meta({ description: "Stable machine-readable code; each code has one status (docs/admin-api.md lists them)." }),
      message: z.string().meta({ description: "What went wrong, in words for a person." }),
      fields: z
        .array(z.object({ path: z.string().meta({ description: "Dotted path of the field in the body or query, or (body)." }), message: z.string() }))
        .optional(),
    }),
  })
  .meta({ id: "Error", description: "Every error answer of the admin API." });

/** The gateway's stored authorizer settings: one field per stored entry of the catalogue. */
const settings = z.object(
  Object.fromEntries(
    storedEntries().map((e) => [e.consoleKey, storedValueType(e)]),
  ),
) as unknown as z.ZodType<AuthorizerSettings>;

export const gatewayViewSchema = z
  .object({
    id: z.string(),
    tenant_id: z.string(),
    name: z.string(),
    description: z.string(),
    type: z.literal("aws"),
    create_and_bind_services_automatically: z.boolean(),
    default_policy_id: z.string().nullable(),
    region: z.string(),
    settings,
    events_per_second: z.number(),
    client_id: z.string(),
    issuer_url: z.string(),
    server_url: z.string(),
    last_active: nullableTimestamp,
    authorizer_version: z.string().nullable(),
    last_sync_at: nullableTimestamp,
    groups_count: z.number(),
    connected_groups_count: z.number(),
    gone_groups_count: z.number(),
    conflicts: z.array(
      z.object({ group_id: z.string(), rest_api_id: z.string(), stage: z.string(), other_gateway_id: z.string(), other_gateway_name: z.string() }),
    ),
    version: z.number().int(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: "Gateway" }) satisfies z.ZodType<GatewayView>;

export const createdGatewaySchema = gatewayViewSchema
  .extend({ client: z.object({ client_id: z.string(), client_secret: z.string() }) })
  .meta({ id: "CreatedGateway", description: "The new gateway and its client credentials (the only answer besides the reveal that carries the secret)." }) satisfies z.ZodType<CreatedGatewayView>;

export const clientCredentialsSchema = z
  .object({
    client_id: z.string(),
    client_secret: z.string(),
    issuer_url: z.string(),
    token_endpoint: z.string(),
    scopes: z.array(z.string()),
    secret_rotated_at: timestamp,
  })
  .meta({ id: "ClientCredentials" }) satisfies z.ZodType<ClientCredentialsView>;

export const apiGroupSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    gateway_id: z.string(),
    service_id: z.string().nullable(),
    service_name: z.string().nullable(),
    metadata: z.object({ type: z.literal("aws"), aws: z.object({ api_id: z.string(), api_name: z.string(), stage: z.string() }) }),
    apis: z.array(z.object({ method: z.string(), path: z.string() })),
    apis_count: z.number(),
    first_seen_at: timestamp,
    last_seen_at: timestamp,
    gone_at: nullableTimestamp,
    connected: z.boolean(),
  })
  .meta({ id: "ApiGroup" }) satisfies z.ZodType<ApiGroupView>;

export const serviceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    gateway_id: z.string().nullable(),
    gateway_name: z.string().nullable(),
    group_id: z.string().nullable(),
    apis_count: z.number(),
    version: z.number().int(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: "Service" }) satisfies z.ZodType<ServiceView>;

export const serviceApiSchema = z
  .object({
    id: z.string(),
    service_id: z.string(),
    method: z.string(),
    path: z.string(),
    policy_id: z.string().nullable(),
    policy_name: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "ServiceApi" }) satisfies z.ZodType<ServiceApiView>;

const enforcementStatus = z.object({
  code: z.enum(ENFORCEMENT_STATUSES),
  reason: z.string(),
  checked_at: nullableTimestamp,
  live_at: nullableTimestamp,
  cached_until: nullableTimestamp,
});

export const apiViewSchema = z
  .object({
    id: z.string(),
    service_id: z.string(),
    service_name: z.string(),
    gateway_id: z.string().nullable(),
    gateway_name: z.string().nullable(),
    rest_api: z.object({ api_id: z.string(), api_name: z.string(), stage: z.string() }).nullable(),
    method: z.string(),
    path: z.string(),
    policy_id: z.string().nullable(),
    policy_name: z.string().nullable(),
    status: z.enum(["protected", "unrestricted"]),
    enforcement: enforcementStatus,
    pending_redeploy: z.boolean(),
    policy_changed_at: nullableTimestamp,
    decisions_24h: z.object({ authorized: z.number(), unauthorized: z.number() }),
    shadow_policy_id: z.string().nullable(),
    shadow_policy_name: z.string().nullable(),
    shadow_24h: z.object({ total: z.number(), would_deny: z.number(), broken: z.number() }).nullable(),
    shadow_counts_invoked_only: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: "Api" }) satisfies z.ZodType<ApiView>;

const apisSummary = z.object({
  protected: z.number(),
  with_policy: z.number(),
  unrestricted: z.number(),
  open_at_gateway: z.number(),
  pending_redeploy: z.number(),
  checked_at: nullableTimestamp,
});

export const apiListSchema = z.object({ apis: z.array(apiViewSchema), summary: apisSummary }).meta({ id: "ApiList" }) satisfies z.ZodType<ApiList>;

export const policySchema = z
  .object({
    id: z.string(),
    policy_name: z.string(),
    description: z.string(),
    type: z.literal("api"),
    language: z.literal("cloudentity"),
    validators: z.array(z.unknown()).meta({ description: "The policy's validators (see docs: the policy language)." }),
    builtin: z.enum(["block", "allow"]).nullable(),
    used_by: z.object({ apis: z.number(), gateways: z.number(), shadow_apis: z.number() }),
    version: z.number().int(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: "Policy" }) satisfies z.ZodType<PolicyView>;

export const policyTestResultSchema = z
  .object({
    allowed: z.boolean(),
    needs_identity: z.boolean(),
    claims_source: z.enum(["authn_ctx", "jwt (not verified)", "none"]),
    validators: z.array(z.object({ index: z.number(), name: z.string(), passed: z.boolean(), failures: z.array(z.looseObject({ message: z.string() })) })),
  })
  .meta({ id: "PolicyTestResult" });

const replayVerdict = z.enum(["allow", "deny"]);
export const policyReplayResultSchema = z
  .object({
    api_id: z.string(),
    hours: z.number(),
    replayed: z.number(),
    unchanged: z.number(),
    allow_to_deny: z.number(),
    deny_to_allow: z.number(),
    without_inputs: z.number(),
    examples: z.array(
      z.object({ at: timestamp, method: z.string(), path: z.string(), recorded: replayVerdict, replayed: replayVerdict, failures: z.array(z.object({ validator: z.string(), message: z.string() })) }),
    ),
  })
  .meta({ id: "PolicyReplayResult" }) satisfies z.ZodType<PolicyReplayResult>;

export const issuerSchema = z
  .object({
    id: z.string(),
    issuer: z.string(),
    jwks_uri: z.string(),
    audiences: z.array(z.string()),
    introspection_endpoint: z.string().nullable(),
    introspection_client_id: z.string().nullable(),
    has_introspection_secret: z.boolean(),
    enabled: z.boolean(),
    version: z.number().int(),
    created_at: timestamp,
  })
  .meta({ id: "TrustedIssuer" }) satisfies z.ZodType<IssuerView>;

export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    display_name: z.string().nullable(),
    role,
    sign_in: z.enum(["password", "oidc", "password+oidc"]),
    last_sign_in_at: nullableTimestamp,
    created_at: timestamp,
    version: z.number().int(),
  })
  .meta({ id: "User" }) satisfies z.ZodType<UserView>;

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    role,
    created_at: timestamp,
    last_used_at: nullableTimestamp,
    revoked_at: nullableTimestamp,
  })
  .meta({ id: "ApiToken" }) satisfies z.ZodType<TokenView>;

export const createdTokenSchema = z
  .object({ token: tokenSchema, secret: z.string().meta({ description: "The bearer token; shown once, only its digest is stored." }) })
  .meta({ id: "CreatedApiToken" });

export const meSchema = z
  .object({ id: z.string(), username: z.string(), display_name: z.string().nullable(), role, via: z.enum(["session", "token"]) })
  .meta({ id: "Me" });

export const auditListSchema = z
  .object({
    events: z.array(
      z.object({
        id: z.string(),
        at: timestamp,
        actor_name: z.string(),
        action: z.string(),
        target_type: z.string(),
        target_id: z.string(),
        target_name: z.string().nullable(),
        before: z.record(z.string(), z.unknown()).nullable(),
        after: z.record(z.string(), z.unknown()).nullable(),
      }) satisfies z.ZodType<AuditEventView>,
    ),
    next_cursor: z.string().nullable(),
  })
  .meta({ id: "AuditEventList" }) satisfies z.ZodType<AuditPage>;

export const awsIdentitySchema = z
  .discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), account: z.string(), arn: z.string(), userId: z.string(), region: z.string(), endpoint: z.string().nullable() }),
    z.object({ ok: z.literal(false), reason: z.enum(AWS_ERROR_KINDS), message: z.string(), help: z.array(z.string()), region: z.string(), endpoint: z.string().nullable() }),
  ])
  .meta({ id: "AwsIdentity", description: "Who the console acts as in AWS, or why it cannot." }) satisfies z.ZodType<WhoAmI>;

export const awsSettingsSchema = z
  .object({
    artifacts_bucket: z.string().nullable(),
    artifacts_bucket_default: z.string(),
    version: z.number().int(),
    updated_at: nullableTimestamp,
    updated_by: z.string().nullable(),
  })
  .meta({ id: "AwsSettings" }) satisfies z.ZodType<AwsSettingsView>;

export const decisionSeriesSchema = z
  .object({ buckets: z.array(z.object({ start: timestamp, authorized: z.number(), unauthorized: z.number(), shadow_would_deny: z.number() })) })
  .meta({ id: "DecisionSeries" });

const stageError = z.object({ rest_api_id: z.string(), stage: z.string(), error: z.string() });
export const refreshResultSchema = z.object({ stages: z.number(), read: z.number(), errors: z.array(stageError) }).meta({ id: "RefreshResult" }) satisfies z.ZodType<RefreshResult>;
export const flushResultSchema = z
  .object({ flushed: z.array(z.object({ rest_api_id: z.string(), stage: z.string() })), errors: z.array(stageError) })
  .meta({ id: "FlushResult" }) satisfies z.ZodType<FlushResult>;

export const enforcementOverviewSchema = z
  .object({
    gateway_id: z.string(),
    summary: apisSummary,
    function_arn: z.string().nullable(),
    cache_ttl_seconds: z.number(),
    sync: z.object({ last_sync_at: nullableTimestamp, next_sync_at: nullableTimestamp, sync_requested_at: nullableTimestamp, schedule_seconds: z.number() }),
    stages: z.array(
      z.object({
        rest_api_id: z.string(),
        stage: z.string(),
        checked_at: nullableTimestamp,
        error: z.string().nullable(),
        deployment_id: z.string().nullable(),
        deployed_at: nullableTimestamp,
        authorizer_ids: z.array(z.string()),
        cache_ttl_seconds: z.number().nullable(),
        methods: z.number(),
        attached: z.number(),
        pending_redeploy: z.boolean(),
      }),
    ),
  })
  .meta({ id: "GatewayEnforcement" }) satisfies z.ZodType<GatewayEnforcementOverview>;

export const invokeUrlsSchema = z
  .object({
    sandbox: z.boolean(),
    stages: z.array(
      z.object({
        group_id: z.string(),
        rest_api_id: z.string(),
        api_name: z.string(),
        stage: z.string(),
        service_id: z.string(),
        service_name: z.string(),
        invoke_url: z.string(),
        sample_path: z.string(),
        curl: z.string(),
      }) satisfies z.ZodType<InvokeUrlView>,
    ),
  })
  .meta({ id: "InvokeUrls" }) satisfies z.ZodType<InvokeUrls>;

const enforcementCheck = z.object({ at: timestamp, group_id: z.string(), method: z.string(), path: z.string(), status: z.number() });
export const gatewayProgressSchema = z
  .object({
    apis: z.number(),
    protected: z.number(),
    with_policy: z.number(),
    unrestricted: z.number(),
    open_at_gateway: z.number(),
    pending_redeploy: z.number(),
    checked_at: nullableTimestamp,
    last_test_request: enforcementCheck.nullable(),
  })
  .meta({ id: "GatewayProgress" }) satisfies z.ZodType<GatewayProgress>;

export const syncResultSchema = z
  .object({
    sync: z.object({ ok: z.boolean(), attached: z.number(), detached: z.number(), errors: z.array(z.string()), invoked_at: timestamp }) satisfies z.ZodType<SyncNowResult>,
    refreshed: refreshResultSchema,
  })
  .meta({ id: "SyncResult" });

export const testRequestResultSchema = z
  .object({
    url: z.string(),
    method: z.string(),
    status: z.number(),
    status_text: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.string(),
    body_truncated: z.boolean(),
    duration_ms: z.number(),
    sent_token: z.boolean(),
    at: timestamp,
  })
  .meta({ id: "TestRequestResult" }) satisfies z.ZodType<TestRequestResult>;

const stackViewSchema = z
  .object({
    gateway_id: z.string(),
    stack_name: z.string(),
    stack_id: z.string(),
    region: z.string(),
    account_id: z.string(),
    status: z.string(),
    status_reason: z.string().nullable(),
    phase: z.enum(["in_progress", "complete", "failed", "deleted"]),
    operation: z.enum(["launch", "update", "delete"]),
    operation_started_at: timestamp,
    can_update: z.boolean(),
    authorizer_version: z.string(),
    parameters: z.record(z.string(), z.string()),
    outputs: z.record(z.string(), z.string()),
    artifacts: z.object({ bucket: z.string(), code_key: z.string(), template_key: z.string(), template_sha256: z.string() }),
    secret_current: z.boolean(),
    progress: z.object({ done: z.number(), total: z.number(), percent: z.number(), resources: z.array(z.object({ logicalResourceId: z.string(), resourceType: z.string(), status: z.string(), reason: z.string().nullable(), at: nullableTimestamp })) }),
    events: z.array(
      z.object({ event_id: z.string(), at: timestamp, logical_resource_id: z.string(), resource_type: z.string(), status: z.string(), reason: z.string().nullable() }),
    ),
    failure: z.object({ logicalResourceId: z.string().nullable(), resourceType: z.string().nullable(), reason: z.string(), advice: z.string() }).nullable(),
    version: z.number().int(),
    updated_at: timestamp,
  })
  .meta({ id: "Stack" }) satisfies z.ZodType<StackView>;
export { stackViewSchema };

export const stackStateSchema = z
  .object({
    stack: stackViewSchema.nullable(),
    launch: z.object({
      stack_name: z.string(),
      region: z.string(),
      client_id: z.string(),
      issuer_url: z.string(),
      authorizer_version: z.string(),
      settings,
      parameters: z.array(z.object({ name: z.string(), env: z.string(), group: z.enum(["base", "advanced", "certificate"]) })),
      resource_count: z.number(),
    }),
    aws_error: z.string().nullable(),
  })
  .meta({ id: "StackState" }) satisfies z.ZodType<StackState>;

export const quickCreateLinkSchema = z
  .object({ url: z.string(), template_url: z.string(), stack_name: z.string(), region: z.string(), not_prefilled: z.array(z.string()) })
  .meta({ id: "QuickCreateLink" }) satisfies z.ZodType<QuickCreateLink>;

const redeployJobSchema = z
  .object({
    id: z.string(),
    account_id: z.string(),
    region: z.string(),
    status: z.enum(REDEPLOY_JOB_STATUSES),
    requested_by: z.string(),
    created_at: timestamp,
    started_at: nullableTimestamp,
    finished_at: nullableTimestamp,
    total: z.number(),
    succeeded: z.number(),
    failed: z.number(),
    remaining: z.number(),
    percent: z.number(),
    eta_seconds: z.number().nullable(),
    items: z.array(
      z.object({
        id: z.string(),
        gateway_id: z.string().nullable(),
        rest_api_id: z.string(),
        api_name: z.string(),
        stage: z.string(),
        status: z.enum(REDEPLOY_ITEM_STATUSES),
        attempts: z.number(),
        deployment_id: z.string().nullable(),
        error: z.string().nullable(),
        requested_by: z.string(),
        changes: z.array(z.object({ method: z.string(), path: z.string(), policy: z.string().nullable() })),
        started_at: nullableTimestamp,
        finished_at: nullableTimestamp,
      }),
    ),
  })
  .meta({ id: "RedeployJob" }) satisfies z.ZodType<RedeployJobView>;
export { redeployJobSchema };

export const redeployRequestResultSchema = z
  .object({ job: redeployJobSchema.nullable(), jobs: z.array(redeployJobSchema), joined: z.boolean(), message: z.string() })
  .meta({ id: "RedeployRequestResult" }) satisfies z.ZodType<RedeployRequestResult>;

export const testIssuerStateSchema = z
  .object({ enabled: z.boolean(), version: z.number().int(), issuer: z.string(), jwks_uri: z.string(), audience: z.string() })
  .meta({ id: "TestIssuer" }) satisfies z.ZodType<TestIssuerState>;

export const mintedTestTokenSchema = z
  .object({ access_token: z.string(), token_type: z.literal("bearer"), expires_in: z.number(), issuer: z.string(), audience: z.string() })
  .meta({ id: "TestToken" });

export const signingKeySchema = z.object({ kid: z.string() }).meta({ id: "SigningKey" });

export const listOf = <T extends z.ZodType>(key: string, item: T) => z.object({ [key]: z.array(item) });

export const rotatedClientSchema = z
  .object({ client_id: z.string(), client_secret: z.string(), secret_rotated_at: timestamp })
  .meta({ id: "RotatedClient", description: "The new client secret; the old one (and tokens issued with it) stopped working." }) satisfies z.ZodType<RotatedClientView>;

export const openApiDocumentSchema = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }).meta({ id: "OpenApiDocument" });
