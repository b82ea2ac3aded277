import type { z } from "zod";
import type { Role } from "../../db/schema";
import type { ErrorStatus as ApiErrorStatus } from "../errors";
import { listAuditQuerySchema } from "../../audit/list";
import { awsIdentityQuerySchema } from "../../aws/identity";
import { createRedeployBodySchema, listRedeployQuerySchema } from "../../aws/redeploy/schemas";
import { updateAwsSettingsBodySchema } from "../../aws/settings";
import { createStackBodySchema, deleteStackBodySchema, quickCreateBodySchema, stackStateQuerySchema, updateStackBodySchema } from "../../aws/stack/schemas";
import { sendTestRequestBodySchema } from "../../confirm/test-request";
import { refreshEnforcementBodySchema } from "../../enforcement/aws/schemas";
import { decisionSeriesQuerySchema } from "../../enforcement/decisions";
import { assignPoliciesBodySchema, listApisQuerySchema, promoteShadowBodySchema, updateApiBodySchema } from "../../enforcement/schemas";
import { bindGroupBodySchema, createGatewayBodySchema, createServiceBodySchema, updateGatewayBodySchema, updateServiceBodySchema } from "../../gateways/schemas";
import { createIssuerBodySchema, updateIssuerBodySchema } from "../../issuers/schemas";
import { createPolicyBodySchema, replayPolicyBodySchema, testPolicyBodySchema, updatePolicyBodySchema } from "../../policies/schemas";
import { mintTestTokenBodySchema, updateTestIssuerBodySchema } from "../../test-issuer/issuer";
import { createTokenBodySchema } from "../../tokens/service";
import { createUserBodySchema, updateUserBodySchema } from "../../users/schemas";
import * as r from "./responses";

/**
 * Every operation of the admin API (`/api/admin/default…`): the request schemas are the very zod
 * schemas the route files pass to consoleRoute (imported from lib/, as the routes do), the answers
 * the schemas of lib/api/openapi/responses.ts. A test checks this list against the route files.
 */

export type HttpMethod = "get" | "post" | "put" | "delete";

/**
 * Statuses an operation answers besides its success (the error body is always `Error`): those of
 * the error codes (lib/api/errors.ts), but 400 — `missing_parameter` is the system API's alone.
 */
export type ErrorStatus = Exclude<ApiErrorStatus, 400>;

export interface AdminOperation {
  method: HttpMethod;
  /** Below /api/admin/default, with `{param}` path parameters. */
  path: string;
  summary: string;
  role: Role;
  query?: z.ZodType;
  body?: z.ZodType;
  /** `required`: version in the body or If-Match, else 422; `optional`: without either the write is unconditional. */
  ifMatch?: "required" | "optional";
  /** The answer carries `ETag: "<version>"` (usable as If-Match). */
  etag?: boolean;
  success: { status: 200 | 201 | 202 | 204; description: string; schema?: z.ZodType; media?: "application/zip" | "application/x-yaml" }[];
  /** Errors beyond those implied (401 always; 403 for admin-only and writes; 404 with path parameters; 422 with input; 500). */
  errors?: ErrorStatus[];
  /** The operation calls AWS: it may answer the status of every `aws_*` code (lib/aws/errors.ts). */
  aws?: boolean;
}

const ok = (schema: z.ZodType, description = "OK") => [{ status: 200 as const, description, schema }];
const created = (schema: z.ZodType, description = "Created") => [{ status: 201 as const, description, schema }];
const accepted = (schema: z.ZodType, description: string) => [{ status: 202 as const, description, schema }];
const deleted = [{ status: 204 as const, description: "Deleted" }];

export const ADMIN_OPERATIONS: AdminOperation[] = [
  // Gateways
  { method: "get", path: "/gateways", summary: "List gateways", role: "viewer", success: ok(r.listOf("gateways", r.gatewayViewSchema)) },
  { method: "post", path: "/gateways", summary: "Create a gateway and its OAuth client", role: "admin", body: createGatewayBodySchema, success: created(r.createdGatewaySchema), errors: [404, 409] },
  { method: "get", path: "/gateways/{gw}", summary: "Read a gateway", role: "viewer", etag: true, success: ok(r.gatewayViewSchema) },
  { method: "put", path: "/gateways/{gw}", summary: "Change a gateway", role: "admin", body: updateGatewayBodySchema, etag: true, ifMatch: "required", success: ok(r.gatewayViewSchema) },
  { method: "delete", path: "/gateways/{gw}", summary: "Delete a gateway (its services stay, unbound)", role: "admin", success: deleted, errors: [409] },
  { method: "get", path: "/gateways/{gw}/client", summary: "Reveal the gateway's client credentials", role: "admin", success: ok(r.clientCredentialsSchema) },
  { method: "post", path: "/gateways/{gw}/client/rotate", summary: "Rotate the client secret", role: "admin", success: ok(r.rotatedClientSchema) },
  { method: "get", path: "/gateways/{gw}/enforcement", summary: "What each connected stage enforces", role: "viewer", success: ok(r.enforcementOverviewSchema) },
  { method: "post", path: "/gateways/{gw}/flush-cache", summary: "Flush the authorizer cache of every connected stage", role: "admin", success: ok(r.flushResultSchema), aws: true },
  { method: "get", path: "/gateways/{gw}/groups", summary: "List the gateway's API groups", role: "viewer", success: ok(r.listOf("groups", r.apiGroupSchema)) },
  { method: "post", path: "/gateways/{gw}/groups/{group}/bind", summary: "Connect an API group to a service (existing or new)", role: "admin", body: bindGroupBodySchema, success: ok(r.apiGroupSchema), errors: [409] },
  { method: "delete", path: "/gateways/{gw}/groups/{group}/unbind", summary: "Disconnect an API group", role: "admin", success: ok(r.apiGroupSchema), errors: [409] },
  { method: "get", path: "/gateways/{gw}/invoke-urls", summary: "Invoke URLs and curl lines of the connected stages", role: "viewer", success: ok(r.invokeUrlsSchema) },
  { method: "get", path: "/gateways/{gw}/progress", summary: "Quickstart progress of a gateway", role: "viewer", success: ok(r.gatewayProgressSchema) },
  { method: "post", path: "/gateways/{gw}/sync", summary: "Sync now: the authorizer discovers and attaches at once", role: "admin", success: ok(r.syncResultSchema), errors: [409], aws: true },
  { method: "post", path: "/gateways/{gw}/test-request", summary: "Send a test request through a connected stage", role: "admin", body: sendTestRequestBodySchema, success: ok(r.testRequestResultSchema), errors: [409] },
  // Authorizer stack
  { method: "get", path: "/gateways/{gw}/stack", summary: "The gateway's authorizer stack, followed live", role: "viewer", query: stackStateQuerySchema, success: ok(r.stackStateSchema), aws: true },
  { method: "post", path: "/gateways/{gw}/stack", summary: "Launch the authorizer stack", role: "admin", body: createStackBodySchema, success: accepted(r.stackViewSchema, "Launch started"), errors: [409], aws: true },
  { method: "put", path: "/gateways/{gw}/stack", summary: "Update the stack's configuration", role: "admin", body: updateStackBodySchema, ifMatch: "optional", success: accepted(r.stackViewSchema, "Update started"), errors: [409], aws: true },
  { method: "delete", path: "/gateways/{gw}/stack", summary: "Delete the stack (body names it to confirm)", role: "admin", body: deleteStackBodySchema, success: accepted(r.stackViewSchema, "Deletion started"), errors: [409], aws: true },
  { method: "get", path: "/gateways/{gw}/stack/package", summary: "Download the authorizer zip the stack deploys", role: "viewer", success: [{ status: 200, description: "The zip (ETag: its SHA-256)", media: "application/zip" }] },
  { method: "post", path: "/gateways/{gw}/stack/quick-create", summary: "A CloudFormation quick-create link", role: "admin", body: quickCreateBodySchema, success: ok(r.quickCreateLinkSchema), errors: [409], aws: true },
  { method: "get", path: "/gateways/{gw}/stack/template", summary: "Download the stack template", role: "viewer", success: [{ status: 200, description: "The CloudFormation template (ETag: its SHA-256)", media: "application/x-yaml" }] },
  // Services and APIs
  { method: "get", path: "/services", summary: "List services", role: "viewer", success: ok(r.listOf("services", r.serviceSchema)) },
  { method: "post", path: "/services", summary: "Create a service", role: "admin", body: createServiceBodySchema, success: created(r.serviceSchema), errors: [409] },
  { method: "get", path: "/services/{sid}", summary: "Read a service", role: "viewer", etag: true, success: ok(r.serviceSchema) },
  { method: "put", path: "/services/{sid}", summary: "Change a service", role: "admin", body: updateServiceBodySchema, etag: true, ifMatch: "required", success: ok(r.serviceSchema) },
  { method: "delete", path: "/services/{sid}", summary: "Delete a service (409 while an API group is bound to it)", role: "admin", success: deleted, errors: [409] },
  { method: "get", path: "/services/{sid}/apis", summary: "The service's APIs", role: "viewer", success: ok(r.listOf("apis", r.serviceApiSchema)) },
  { method: "get", path: "/apis", summary: "List APIs with their policy and enforcement", role: "viewer", query: listApisQuerySchema, success: ok(r.apiListSchema) },
  { method: "get", path: "/apis/{api}", summary: "Read an API", role: "viewer", etag: true, success: ok(r.apiViewSchema) },
  { method: "put", path: "/apis/{api}", summary: "Assign an API's policy and/or shadow policy (or clear either with null)", role: "admin", body: updateApiBodySchema, etag: true, ifMatch: "required", success: ok(r.apiViewSchema) },
  { method: "post", path: "/apis/{api}/promote-shadow", summary: "Make the API's shadow policy its enforced policy (and clear the shadow)", role: "admin", body: promoteShadowBodySchema, etag: true, ifMatch: "required", success: ok(r.apiViewSchema), errors: [409] },
  { method: "post", path: "/apis/assign", summary: "Assign a policy and/or shadow policy to many APIs at once", role: "admin", body: assignPoliciesBodySchema, success: ok(r.listOf("apis", r.apiViewSchema)), errors: [404, 409] },
  { method: "get", path: "/decisions", summary: "Authorized/unauthorized counts over time", role: "viewer", query: decisionSeriesQuerySchema, success: ok(r.decisionSeriesSchema) },
  { method: "post", path: "/enforcement/refresh", summary: "Read every connected stage from AWS now", role: "viewer", body: refreshEnforcementBodySchema, success: ok(r.refreshResultSchema), errors: [404], aws: true },
  // Policies
  { method: "get", path: "/policies", summary: "List policies", role: "viewer", success: ok(r.listOf("policies", r.policySchema)) },
  { method: "post", path: "/policies", summary: "Create a policy", role: "admin", body: createPolicyBodySchema, success: created(r.policySchema), errors: [409] },
  { method: "get", path: "/policies/{pid}", summary: "Read a policy", role: "viewer", etag: true, success: ok(r.policySchema) },
  { method: "put", path: "/policies/{pid}", summary: "Change a policy", role: "admin", body: updatePolicyBodySchema, etag: true, ifMatch: "required", success: ok(r.policySchema), errors: [409] },
  { method: "delete", path: "/policies/{pid}", summary: "Delete a policy (409 while in use or built in)", role: "admin", success: deleted, errors: [409] },
  { method: "post", path: "/policies/replay", summary: "Replay an API's recent decisions through a policy and count what would change (nothing is stored)", role: "viewer", body: replayPolicyBodySchema, success: ok(r.policyReplayResultSchema), errors: [404] },
  { method: "post", path: "/policies/test", summary: "Evaluate a policy against a request (nothing is stored)", role: "viewer", body: testPolicyBodySchema, success: ok(r.policyTestResultSchema), errors: [404] },
  // Redeploy
  { method: "get", path: "/redeploy", summary: "Latest redeploy jobs (?active=1: queued and running)", role: "viewer", query: listRedeployQuerySchema, success: ok(r.listOf("jobs", r.redeployJobSchema)) },
  {
    method: "post",
    path: "/redeploy",
    summary: "Redeploy APIs: queue the affected stages",
    role: "admin",
    body: createRedeployBodySchema,
    success: [
      { status: 202, description: "A job was queued (or joined)", schema: r.redeployRequestResultSchema },
      { status: 200, description: "Nothing to redeploy", schema: r.redeployRequestResultSchema },
    ],
    errors: [404, 409],
    aws: true,
  },
  { method: "get", path: "/redeploy/{job}", summary: "Follow a redeploy job", role: "viewer", success: ok(r.redeployJobSchema) },
  // Identity sources and the system issuer
  { method: "get", path: "/issuers", summary: "List trusted issuers", role: "viewer", success: ok(r.listOf("issuers", r.issuerSchema)) },
  { method: "post", path: "/issuers", summary: "Trust an issuer (OpenID discovery fills jwks_uri when left out)", role: "admin", body: createIssuerBodySchema, success: created(r.issuerSchema), errors: [409] },
  { method: "get", path: "/issuers/{id}", summary: "Read a trusted issuer", role: "viewer", etag: true, success: ok(r.issuerSchema) },
  { method: "put", path: "/issuers/{id}", summary: "Change a trusted issuer", role: "admin", body: updateIssuerBodySchema, etag: true, ifMatch: "required", success: ok(r.issuerSchema) },
  { method: "delete", path: "/issuers/{id}", summary: "Stop trusting an issuer", role: "admin", success: deleted, errors: [409] },
  { method: "post", path: "/oauth/keys/rotate", summary: "Rotate the signing key of gateway access tokens", role: "admin", success: ok(r.signingKeySchema) },
  { method: "get", path: "/test-issuer", summary: "The built-in test issuer (off by default)", role: "viewer", etag: true, success: ok(r.testIssuerStateSchema) },
  { method: "put", path: "/test-issuer", summary: "Turn the test issuer on or off", role: "admin", body: updateTestIssuerBodySchema, etag: true, ifMatch: "optional", success: ok(r.testIssuerStateSchema), errors: [409] },
  { method: "post", path: "/test-issuer/tokens", summary: "Mint an end-user test token (never stored)", role: "admin", body: mintTestTokenBodySchema, success: created(r.mintedTestTokenSchema), errors: [409] },
  // AWS
  { method: "get", path: "/aws/identity", summary: "Who the console acts as in AWS, or why it cannot (always 200)", role: "viewer", query: awsIdentityQuerySchema, success: ok(r.awsIdentitySchema) },
  { method: "get", path: "/aws/settings", summary: "AWS settings (artifacts bucket)", role: "viewer", etag: true, success: ok(r.awsSettingsSchema) },
  { method: "put", path: "/aws/settings", summary: "Change the AWS settings", role: "admin", body: updateAwsSettingsBodySchema, etag: true, ifMatch: "optional", success: ok(r.awsSettingsSchema), errors: [409] },
  // Users, tokens, the caller, the audit log
  { method: "get", path: "/me", summary: "The caller", role: "viewer", success: ok(r.meSchema) },
  { method: "get", path: "/tokens", summary: "The caller's admin API tokens", role: "viewer", success: ok(r.listOf("tokens", r.tokenSchema)) },
  { method: "post", path: "/tokens", summary: "Create an admin API token with the caller's role (answered once)", role: "viewer", body: createTokenBodySchema, success: created(r.createdTokenSchema) },
  { method: "delete", path: "/tokens/{id}", summary: "Revoke an admin API token", role: "viewer", success: ok(r.tokenSchema, "Revoked"), errors: [403] },
  { method: "get", path: "/users", summary: "List users", role: "admin", success: ok(r.listOf("users", r.userSchema)) },
  { method: "post", path: "/users", summary: "Add a user", role: "admin", body: createUserBodySchema, success: created(r.userSchema), errors: [409] },
  { method: "get", path: "/users/{id}", summary: "Read a user", role: "admin", etag: true, success: ok(r.userSchema) },
  { method: "put", path: "/users/{id}", summary: "Change a user's name, role or password", role: "admin", body: updateUserBodySchema, etag: true, ifMatch: "required", success: ok(r.userSchema), errors: [409] },
  { method: "delete", path: "/users/{id}", summary: "Remove a user (never the last admin, never yourself)", role: "admin", success: deleted, errors: [409] },
  { method: "get", path: "/audit", summary: "The audit log, newest first", role: "viewer", query: listAuditQuerySchema, success: ok(r.auditListSchema) },
  { method: "get", path: "/openapi.json", summary: "This document", role: "viewer", success: ok(r.openApiDocumentSchema, "The OpenAPI 3.1 document of the admin API") },
];
