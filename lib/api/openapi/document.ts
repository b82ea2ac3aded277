import { z } from "zod";
import packageJson from "../../../package.json";
import { AWS_ERROR_CODE_LIST } from "../../aws/errors";
import { ERROR_STATUS } from "../errors";
import { ADMIN_OPERATIONS, type AdminOperation, type ErrorStatus } from "./operations";
import { errorBodySchema } from "./responses";

/**
 * The OpenAPI 3.1 document of the admin API, generated from ADMIN_OPERATIONS with zod's own
 * z.toJSONSchema (JSON Schema 2020-12, the dialect of OpenAPI 3.1): request schemas as the routes
 * read them (io "input"), answers as the console writes them (io "output"). Schemas that carry a
 * `.meta({ id })` become components; everything else stays inline.
 */

export const ADMIN_API_BASE = "/api/admin/default";

type JsonSchema = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  401: "Not signed in: no session and no valid admin API token.",
  403: "The caller's role does not allow this (or a cross-origin write; or AWS denied the console's identity).",
  404: "Not found (a malformed id in the path is also 404).",
  409: "Conflict: the resource changed since it was read (stale version or If-Match), or its state forbids this now.",
  413: "The request body is larger than the limit (1 MiB).",
  415: "The request body is not `Content-Type: application/json`.",
  422: "The request body, query string or If-Match is invalid; `fields` names each problem.",
  429: "AWS is throttling the console's calls; retry in a few seconds.",
  500: "Unexpected server error (logged; no details in the answer).",
  502: "AWS answered with an error the console cannot act on.",
  503: "The console's database is unavailable (`database_unavailable`, with Retry-After), or it cannot reach AWS with usable credentials, or the authorizer package is not built.",
  504: "AWS did not answer in time.",
};

/** What an operation that calls AWS may answer besides its own errors: the statuses of the `aws_*` codes. */
const AWS_ERRORS: ErrorStatus[] = [...new Set(AWS_ERROR_CODE_LIST.map((code) => ERROR_STATUS[code]))];
const UNSAFE = new Set(["post", "put", "delete"]);

class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  /** The JSON Schema of a zod schema, its id'd parts hoisted into components (same id, same schema). */
  add(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
    const rewritten = JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = rewritten;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      const existing = this.schemas[id];
      if (existing && JSON.stringify(existing) !== JSON.stringify(def)) throw new Error(`Two different schemas use the OpenAPI component id ${id}.`);
      this.schemas[id] = def;
    }
    return root;
  }
}

export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

function errorStatuses(op: AdminOperation): ErrorStatus[] {
  // Any operation may meet a database outage (503 database_unavailable, lib/db/unavailable.ts).
  const set = new Set<ErrorStatus>([401, 500, 503, ...(op.errors ?? [])]);
  if (op.role === "admin" || UNSAFE.has(op.method)) set.add(403);
  if (pathParameters(op.path).length > 0) set.add(404);
  if (op.body || op.query || op.ifMatch) set.add(422);
  if (op.body) for (const s of [413, 415] as const) set.add(s);
  if (op.ifMatch) set.add(409);
  if (op.aws) for (const s of AWS_ERRORS) set.add(s);
  return [...set].sort();
}

function queryParameters(components: Components, query: z.ZodType): JsonSchema[] {
  const json = components.add(query, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => ({ name, in: "query", required: required.has(name), schema }));
}

function operationObject(components: Components, op: AdminOperation): JsonSchema {
  const parameters: JsonSchema[] = pathParameters(op.path).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } }));
  if (op.query) parameters.push(...queryParameters(components, op.query));
  if (op.ifMatch) {
    parameters.push({
      name: "If-Match",
      in: "header",
      required: false,
      description:
        op.ifMatch === "required"
          ? 'The version the change is based on, as the GET\'s ETag ("3" or W/"3"). Give it here or as `version` in the body; neither is 422, a stale one 409, both differing 422.'
          : 'The version the change is based on, as an entity tag ("3" or W/"3"), or `version` in the body; a stale one is 409. Without either the change is unconditional.',
      schema: { type: "string", pattern: '^(W/)?"[0-9]+"$' },
    });
  }
  const responses: Record<string, JsonSchema> = {};
  for (const s of op.success) {
    const headers = op.etag ? { ETag: { description: 'The current version as an entity tag ("3"): send it as If-Match on a change.', schema: { type: "string" } } } : undefined;
    const content = s.schema
      ? { "application/json": { schema: components.add(s.schema, "output") } }
      : s.media
        ? { [s.media]: { schema: { type: "string", contentMediaType: s.media } } }
        : undefined;
    responses[String(s.status)] = { description: s.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) };
  }
  const error = components.add(errorBodySchema, "output");
  for (const status of errorStatuses(op)) {
    responses[String(status)] = { description: ERROR_DESCRIPTIONS[status], content: { "application/json": { schema: error } } };
  }
  const tag = op.path.split("/")[1]!;
  return {
    operationId: operationId(op),
    summary: op.summary,
    description: `Least role: ${op.role}.`,
    tags: [tag],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: !op.body.safeParse(undefined).success, content: { "application/json": { schema: components.add(op.body, "input") } } } }
      : {}),
    responses,
  };
}

export function operationId(op: AdminOperation): string {
  const words = op.path
    .split("/")
    .filter(Boolean)
    .map((w) => w.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : "")));
  return [op.method, ...words].map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join("");
}

let cached: JsonSchema | undefined;

/** The document (built once per process: it depends only on the code). */
export function adminOpenApiDocument(): JsonSchema {
  if (cached) return cached;
  const components = new Components();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of ADMIN_OPERATIONS) {
    (paths[`${ADMIN_API_BASE}${op.path}`] ??= {})[op.method] = operationObject(components, op);
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Gatehouse admin API",
      version: packageJson.version,
      description:
        "Everything the console's UI does. Authenticate with an admin API token (Settings › API tokens) as `Authorization: Bearer …`, or a console session. " +
        'Errors are `{"error":{"code","message","fields?"}}`. Writes of versioned resources take the version read earlier (body `version` or `If-Match`); a stale one is 409.',
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    security: [{ bearerToken: [] }, { consoleSession: [] }],
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "An admin API token from Settings › API tokens (it has its creator's role)." },
        consoleSession: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The console's sign-in session (`__Secure-next-auth.session-token` over HTTPS)." },
      },
    },
  };
  return cached;
}
