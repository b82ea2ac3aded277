import { z } from "zod";
import { adminOpenApiDocument } from "@/lib/api/openapi/document";
import type { RouteHandler } from "@/lib/api/route";
import { adminOperationOf } from "./admin-routes";

/**
 * Checks one admin API exchange against the served OpenAPI document (its JSON, not the zod
 * schemas it came from): the status is documented for the operation, the answer's body matches
 * that status's schema, a versioned read has its ETag, and a request the server accepted (2xx)
 * matches the documented request body and query parameters. test/api-client.ts runs it on every admin call the
 * integration tests make. zod's fromJSONSchema reads the document's schemas (JSON Schema 2020-12).
 */

type Json = Record<string, unknown>;

interface Exchange {
  handler: RouteHandler;
  method: string;
  url: string;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
  headers: Headers;
}

/** The document as a client downloads it (serialised and parsed back). */
let documentJson: Json | undefined;
const doc = () => (documentJson ??= JSON.parse(JSON.stringify(adminOpenApiDocument())) as Json);

const validators = new Map<string, z.ZodType>();
function validatorFor(key: string, schema: Json): z.ZodType {
  let v = validators.get(key);
  if (!v) {
    const components = ((doc().components as Json).schemas ?? {}) as Json;
    const rooted = JSON.parse(JSON.stringify({ ...schema, $defs: components }).replaceAll('"#/components/schemas/', '"#/$defs/')) as Json;
    v = z.fromJSONSchema(rooted);
    validators.set(key, v);
  }
  return v;
}

function describe(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

export async function checkAdminExchange(x: Exchange): Promise<void> {
  const op = await adminOperationOf(x.handler);
  if (!op) return; // not an admin route (the system API has its own spec check)
  const where = `${op.method.toUpperCase()} ${op.path}`;
  if (op.method !== x.method.toLowerCase()) throw new Error(`OpenAPI check: the test called the ${op.method.toUpperCase()} handler of ${op.path} with method ${x.method}.`);
  const operation = ((doc().paths as Json)[op.path] as Json | undefined)?.[op.method] as Json | undefined;
  if (!operation) throw new Error(`OpenAPI check: ${where} is not in the document.`);
  const responses = operation.responses as Record<string, Json>;
  const documented = responses[String(x.status)];
  if (!documented) {
    throw new Error(`OpenAPI check: ${where} answered ${x.status}, which the document does not list (${Object.keys(responses).join(", ")}). Body: ${JSON.stringify(x.responseBody).slice(0, 300)}`);
  }
  const content = documented.content as Record<string, { schema: Json }> | undefined;
  const jsonSchema = content?.["application/json"]?.schema;
  if (jsonSchema) {
    const type = x.headers.get("content-type") ?? "";
    if (!type.startsWith("application/json")) throw new Error(`OpenAPI check: ${where} ${x.status} documents JSON but answered ${type || "no content type"}.`);
    const result = validatorFor(`${where} ${x.status}`, jsonSchema).safeParse(x.responseBody);
    if (!result.success) throw new Error(`OpenAPI check: ${where} ${x.status} answer does not match the document: ${describe(result.error.issues)}`);
  } else if (content) {
    const [media] = Object.keys(content);
    if (!x.headers.get("content-type")?.startsWith(media!)) throw new Error(`OpenAPI check: ${where} ${x.status} documents ${media} but answered ${x.headers.get("content-type")}.`);
  } else if (x.responseBody !== undefined) {
    throw new Error(`OpenAPI check: ${where} ${x.status} documents no body but answered one.`);
  }
  const headers = documented.headers as Json | undefined;
  for (const name of Object.keys(headers ?? {})) {
    if (!x.headers.has(name)) throw new Error(`OpenAPI check: ${where} ${x.status} documents the ${name} header but did not send it.`);
  }
  if (x.status >= 200 && x.status < 300) {
    checkQuery(where, operation, new URL(x.url).searchParams);
    const body = (operation.requestBody as { content: Record<string, { schema: Json }> } | undefined)?.content["application/json"]?.schema;
    if (body) {
      const result = validatorFor(`${where} request`, body).safeParse(x.requestBody);
      if (!result.success && !(x.requestBody === undefined && !(operation.requestBody as { required?: boolean }).required)) {
        throw new Error(`OpenAPI check: ${where} accepted a request body the document rejects: ${describe(result.error.issues)}`);
      }
    }
  }
}

/** Query values are strings on the wire; a number parameter's value is read as a number first. */
function checkQuery(where: string, operation: Json, query: URLSearchParams): void {
  const params = ((operation.parameters ?? []) as { name: string; in: string; required?: boolean; schema: Json }[]).filter((p) => p.in === "query");
  for (const [name, value] of query) {
    const param = params.find((p) => p.name === name);
    if (!param) throw new Error(`OpenAPI check: ${where} accepted the query parameter ${name}, which the document does not list.`);
    const numeric = param.schema.type === "integer" || param.schema.type === "number";
    const result = validatorFor(`${where} query ${name}`, param.schema).safeParse(numeric ? Number(value) : value);
    if (!result.success) throw new Error(`OpenAPI check: ${where} accepted ${name}=${value}, which the document rejects: ${describe(result.error.issues)}`);
  }
  for (const p of params) if (p.required && !query.has(p.name)) throw new Error(`OpenAPI check: ${where} accepted a request without the required query parameter ${p.name}.`);
}
