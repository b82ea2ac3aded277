import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

/**
 * The subset of JSON Schema that Cloudentity's system API spec (OpenAPI 2.0) uses, checked
 * against real payloads: type, properties, required, items, enum, additionalProperties, $ref.
 * Swagger/go-swagger conventions kept: `x-nullable: false` (the default here) forbids null;
 * a value schema of bare `{type: object}` inside additionalProperties means "any JSON value"
 * (go-swagger's map[string]interface{}), as does a property of bare `type: object`.
 * The spec is a copy of /work/shared/reference/cloudentity-system-gateways.openapi.yaml (a subset
 * of cloudentity/acp-client-go spec/system.yaml, Apache-2.0), kept here so CI has it.
 */
export const SPEC_PATH = path.join(import.meta.dirname, "reference", "cloudentity-system-gateways.openapi.yaml");

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  additionalProperties?: boolean | Schema;
  $ref?: string;
  "x-nullable"?: boolean;
}

interface Spec {
  definitions: Record<string, Schema>;
  paths: Record<string, Record<string, { parameters?: { in: string; schema?: Schema; name: string }[]; responses: Record<string, { $ref?: string; schema?: Schema }> }>>;
  responses: Record<string, { schema?: Schema }>;
}

let cached: Spec | undefined;
export function loadSpec(file = SPEC_PATH): Spec {
  cached ??= parse(readFileSync(file, "utf8")) as Spec;
  return cached;
}

function resolve(spec: Spec, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s.$ref && i < 20; i++) {
    const name = s.$ref.replace(/^#\/definitions\//, "");
    const def = spec.definitions[name];
    if (!def) throw new Error(`unknown $ref ${s.$ref}`);
    s = def;
  }
  return s;
}

const isBareObject = (s: Schema) => s.type === "object" && !s.properties && s.additionalProperties === undefined;

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "array":
      return Array.isArray(v);
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return typeof v === "boolean";
    default:
      throw new Error(`unsupported type ${type}`);
  }
}

export function validate(spec: Spec, schemaIn: Schema, value: unknown, path = "$", errors: string[] = []): string[] {
  const schema = resolve(spec, schemaIn);
  if (value === null) {
    if (schema["x-nullable"] !== true) errors.push(`${path}: null is not allowed`);
    return errors;
  }
  if (schema.type && !typeOk(schema.type, value)) {
    errors.push(`${path}: expected ${schema.type}, got ${Array.isArray(value) ? "array" : typeof value}`);
    return errors;
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (schema.type === "array" && schema.items) {
    (value as unknown[]).forEach((item, i) => validate(spec, schema.items!, item, `${path}[${i}]`, errors));
  }
  if (schema.type === "object" || schema.properties) {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${path}: missing required ${key}`);
    for (const [key, v] of Object.entries(obj)) {
      const prop = schema.properties?.[key];
      if (prop) {
        if (!isBareObject(resolve(spec, prop))) validate(spec, prop, v, `${path}.${key}`, errors);
        else if (v === null) errors.push(`${path}.${key}: null is not allowed`);
      } else if (schema.additionalProperties === false) {
        errors.push(`${path}: unexpected property ${key}`);
      } else if (typeof schema.additionalProperties === "object") {
        const ap = resolve(spec, schema.additionalProperties);
        if (!isBareObject(ap)) validate(spec, ap, v, `${path}.${key}`, errors);
        else if (v === null) errors.push(`${path}.${key}: null is not allowed`);
      }
    }
  }
  return errors;
}

/** Validates `value` against a definition (e.g. "GatewayConfiguration"); returns the problems. */
export function validateDefinition(name: string, value: unknown): string[] {
  const spec = loadSpec();
  if (!spec.definitions[name]) throw new Error(`no definition ${name}`);
  return validate(spec, { $ref: `#/definitions/${name}` }, value);
}

/** The schema of an operation's response (`/gateways/configuration`, "get", "200"). */
export function responseSchema(path: string, method: string, status: string): Schema {
  const spec = loadSpec();
  const response = spec.paths[path]?.[method]?.responses[status];
  if (!response) throw new Error(`no response ${method} ${path} ${status}`);
  const named = response.$ref ? spec.responses[response.$ref.replace(/^#\/responses\//, "")] : response;
  if (!named?.schema) throw new Error(`response ${method} ${path} ${status} has no schema`);
  return named.schema;
}

/** The schema of an operation's body parameter. */
export function requestSchema(path: string, method: string): Schema {
  const param = loadSpec().paths[path]?.[method]?.parameters?.find((p) => p.in === "body");
  if (!param?.schema) throw new Error(`no body parameter for ${method} ${path}`);
  return param.schema;
}

export function validateAgainst(schema: Schema, value: unknown): string[] {
  return validate(loadSpec(), schema, value);
}
