import fc from "fast-check";

/**
 * fast-check arbitraries for the write-endpoint fuzz (write-endpoints.int.test.ts): JSON bodies
 * derived from an endpoint's JSON Schema (the OpenAPI document's, itself generated from the
 * routes' zod schemas), then mutated the ways a hostile or broken client does. Ids of the seeded
 * world are symbolic (`{ $ref: "policy", n }`) and resolved when the request is sent, so a shrunk
 * input still names "the third policy" after earlier requests changed the world. Written by hand:
 * no maintained JSON Schema → fast-check generator supports JSON Schema 2020-12 with fast-check 4.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonSchema = Record<string, unknown>;

/** What a symbolic id names (see write-endpoints.int.test.ts `World`). */
export type RefKind = "gateway" | "service" | "api" | "policy" | "issuer" | "user" | "token" | "group";
/** `version`: the current version of the request's target row. */
export type RefName = RefKind | "version";
export interface Ref {
  $ref: RefName;
  n: number;
}
export const ref = (kind: RefKind): fc.Arbitrary<Ref> => fc.nat({ max: 15 }).map((n) => ({ $ref: kind, n }));
export const isRef = (v: unknown): v is Ref => typeof v === "object" && v !== null && "$ref" in v && typeof (v as Ref).n === "number";

/** Property names whose uuid names a row of the world. */
const REF_BY_PROPERTY: Record<string, RefKind> = {
  policy_id: "policy",
  default_policy_id: "policy",
  service_id: "service",
  gateway_id: "gateway",
  api_ids: "api",
  group_id: "group",
};

/** Strings that break things: NUL, control characters, unicode, lone surrogates, very long. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("", " ", "\u0000", "a\u0000b", "\r\n", "\t/\\..", "'; drop table users; --", "%00", "${x}", "<script>", "\u202e", "😀", "\ud800", "null"),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(5_000, 70_000).map((n) => "x".repeat(n)),
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, Number.MIN_VALUE),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** An array nested `depth` deep (built iteratively: the point is to reach the server's bounds). */
export function nested(depth: number): Json {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

/** Any value of the wrong kind. */
export const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom<Json>(null, true, false, [], {}, [null], { "": null }, { __proto__: 1 } as unknown as Json) },
  { weight: 1, arbitrary: fc.constantFrom(20, 200, 3_000).map(nested) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
);

const UUID_FORMAT = /uuid/;

/** A valid-ish value for a JSON Schema (what a correct client would send, ids from the world). */
export function fromSchema(schema: JsonSchema, defs: Record<string, JsonSchema>, property?: string, depth = 0): fc.Arbitrary<Json | Ref> {
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace(/^#\/(components\/schemas|\$defs)\//, "");
    return fromSchema(defs[name] ?? {}, defs, property, depth + 1);
  }
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
    const options = ((schema.anyOf ?? schema.oneOf) as JsonSchema[]).map((s) => fromSchema(s, defs, property, depth + 1));
    return fc.oneof(...options);
  }
  if ("const" in schema) return fc.constant(schema.const as Json);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as Json[]));
  const kind = property ? REF_BY_PROPERTY[property] : undefined;
  switch (schema.type) {
    case "string": {
      if (kind) return fc.oneof({ weight: 6, arbitrary: ref(kind) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: nastyString });
      if (typeof schema.format === "string" && UUID_FORMAT.test(schema.format)) return fc.uuid();
      if (typeof schema.pattern === "string") {
        const min = (schema.minLength as number | undefined) ?? 0;
        const max = (schema.maxLength as number | undefined) ?? 200;
        return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= max);
      }
      return fc.string({ minLength: (schema.minLength as number | undefined) ?? 0, maxLength: Math.min((schema.maxLength as number | undefined) ?? 40, 40) });
    }
    case "integer":
    case "number": {
      const min = (schema.minimum as number | undefined) ?? ((schema.exclusiveMinimum as number | undefined) ?? -1) + 1;
      const max = Math.min((schema.maximum as number | undefined) ?? 1_000_000, 1_000_000);
      return fc.integer({ min: Math.max(min, -1_000_000), max: Math.max(max, min) });
    }
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const items = (schema.items as JsonSchema | undefined) ?? {};
      const itemKind = kind;
      const item = itemKind ? fc.oneof({ weight: 6, arbitrary: ref(itemKind) }, { weight: 1, arbitrary: fc.uuid() }) : fromSchema(items, defs, undefined, depth + 1);
      return fc.array(item, { minLength: (schema.minItems as number | undefined) ?? 0, maxLength: Math.min((schema.maxItems as number | undefined) ?? 4, 4) }) as fc.Arbitrary<Json | Ref>;
    }
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const record: Record<string, fc.Arbitrary<Json | Ref>> = {};
      for (const [name, s] of Object.entries(props)) record[name] = fromSchema(s, defs, name, depth + 1);
      const requiredKeys = Object.keys(props).filter((k) => required.has(k));
      return fc.record(record, { requiredKeys }) as fc.Arbitrary<Json>;
    }
    default:
      // `{}`: any JSON (validators, claims): small values, and sometimes a real validator.
      return depth > 4 ? fc.constant(null) : (fc.oneof(fc.constant({ name: "true" }), fc.jsonValue({ maxDepth: 2 })) as fc.Arbitrary<Json>);
  }
}

/** One change to a valid-ish body, applied at the `at`-th node (in a fixed walk order). */
export type Mutation =
  | { op: "replace"; at: number; value: Json }
  | { op: "drop"; at: number }
  | { op: "extra"; at: number; key: string; value: Json };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("replace" as const), at: fc.nat({ max: 30 }), value: nastyValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("drop" as const), at: fc.nat({ max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("extra" as const), at: fc.nat({ max: 30 }), key: fc.oneof(fc.constantFrom("__proto__", "constructor", "id", "tenant_id", "version", "role"), fc.string({ maxLength: 8 })), value: nastyValue }) },
);

type Container = Json[] | { [key: string]: Json };

/** Every (container, key) slot of the value, depth first; index 0 is the root itself. */
function slots(root: Json): { parent: Container | null; key: string | number }[] {
  const out: { parent: Container | null; key: string | number }[] = [{ parent: null, key: "" }];
  const walk = (v: Json, depth: number) => {
    if (depth > 20 || isRef(v) || v === null || typeof v !== "object") return;
    for (const [k, child] of Object.entries(v)) {
      out.push({ parent: v, key: Array.isArray(v) ? Number(k) : k });
      walk(child, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

export function applyMutations(body: Json | undefined, mutations: Mutation[]): Json | undefined {
  // Copied so the generated value fast-check keeps (and shrinks) is never changed.
  let root: Json | undefined = body === undefined ? undefined : structuredClone<Json>(body);
  for (const m of mutations) {
    if (root === undefined) {
      if (m.op === "replace") root = m.value;
      continue;
    }
    const all = slots(root);
    const slot = all[m.at % all.length]!;
    if (m.op === "replace") {
      if (!slot.parent) root = m.value;
      else (slot.parent as Record<string | number, Json>)[slot.key] = m.value;
    } else if (m.op === "drop") {
      if (!slot.parent) root = undefined;
      else if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
    } else {
      const target = slot.parent ? (slot.parent as Record<string | number, Json>)[slot.key] : root;
      if (target && typeof target === "object" && !Array.isArray(target) && !isRef(target)) Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      else if (Array.isArray(target)) target.push(m.value);
    }
  }
  return root;
}

/** How the body goes on the wire. */
export type Encoding =
  | { as: "json"; contentType: string }
  | { as: "wrong-type"; contentType: string | null }
  | { as: "malformed"; text: string }
  | { as: "empty"; contentType: string | null }
  | { as: "huge"; bytes: number };

export const encoding = (hugeBytes: number): fc.Arbitrary<Encoding> =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom<Encoding>({ as: "json", contentType: "application/json" }, { as: "json", contentType: "application/json; charset=utf-8" }, { as: "json", contentType: "Application/JSON" }) },
    { weight: 2, arbitrary: fc.constantFrom<string | null>("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json-patch+json", ";", null).map((contentType): Encoding => ({ as: "wrong-type", contentType })) },
    { weight: 2, arbitrary: fc.constantFrom("{", "{\"a\":", "[1,]", "nul", "\u0000", "{\"a\":1}x", "\"\\ud800\"", "1e999", "{\"__proto__\":{\"admin\":true}}").map((text): Encoding => ({ as: "malformed", text })) },
    { weight: 1, arbitrary: fc.constantFrom<string | null>("application/json", null).map((contentType): Encoding => ({ as: "empty", contentType })) },
    { weight: 1, arbitrary: fc.constant<Encoding>({ as: "huge", bytes: hugeBytes }) },
  );
