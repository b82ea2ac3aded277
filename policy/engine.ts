/**
 * Compiler and evaluator of Cloudentity-language policies. See README.md for the semantics.
 *
 * Everything that can be decided once is decided in compilePolicy (paths split, globs split,
 * regexes turned into NFAs, references parsed, messages formatted); evaluate only walks values,
 * compares and — when something fails — allocates the failure records.
 */
import { globMatches, globOccursIn, parseGlob } from "./glob";
import { parsePath, resolvePath, type CompiledPath } from "./path";
import { compileRegex, type CompiledRegex } from "./regex";
import {
  COMPARATORS,
  VALIDATOR_NAMES,
  type Comparator,
  type CompiledPolicy,
  type CompileResult,
  type Decision,
  type EvaluationInput,
  type PolicyConfigError,
  type ValidatorFailure,
} from "./types";

export const LIMITS = Object.freeze({
  maxValidators: 100,
  maxFieldsPerValidator: 100,
  maxStringValueLength: 4096,
  maxValueDepth: 16,
  maxValueNodes: 1000,
  maxHeaderNameLength: 200,
  maxQueryNameLength: 200,
  maxIssues: 100,
});

// ---------------------------------------------------------------------------------------------
// Compiled form

/**
 * The integer codes of the compiled form, one family per field. Each family is its own literal
 * union — the integers carry a type-only brand, erased at runtime — so that putting one family's
 * code in another's field (all are small integers) fails to compile, while the hot path still
 * compares plain integers.
 */
declare const family: unique symbol;
type Code<F extends string, N extends number> = N & { readonly [family]: F };

export type ComparatorCode = Code<"comparator", 0 | 1 | 2 | 3 | 4 | 5 | 6>;
export type OperandCode = Code<"operand", 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7>;
export type ReferenceCode = Code<"reference", -1 | 0 | 1 | 2 | 3 | 4 | 5>;
export type SourceCode = Code<"source", 0 | 1>;
export type ValidatorKindCode = Code<"validator", 0 | 1 | 2 | 3>;
/** The outcome of one rule; also the index of its message in `Rule.messages`. */
export type RuleStatusCode = Code<"status", 0 | 1 | 2 | 3 | 4>;

const C_EQUALS = 0 as Code<"comparator", 0>;
const C_NOT_EQUALS = 1 as Code<"comparator", 1>;
const C_CONTAINS = 2 as Code<"comparator", 2>;
const C_NOT_CONTAINS = 3 as Code<"comparator", 3>;
const C_PRESENT = 4 as Code<"comparator", 4>;
const C_NOT_PRESENT = 5 as Code<"comparator", 5>;
const C_MATCHES = 6 as Code<"comparator", 6>;

const O_NONE = 0 as Code<"operand", 0>; // present / not_present
const O_ANY = 1 as Code<"operand", 1>; // literal "*"
const O_EXACT = 2 as Code<"operand", 2>; // literal string without wildcard
const O_GLOB = 3 as Code<"operand", 3>; // literal string with wildcards
const O_SCALAR = 4 as Code<"operand", 4>; // number or boolean
const O_CONTAINER = 5 as Code<"operand", 5>; // array or object (deep equality)
const O_REGEX = 6 as Code<"operand", 6>; // matches
const O_REF = 7 as Code<"operand", 7>; // $authnCtx. / $request.

const R_NONE = -1 as Code<"reference", -1>;
const R_AUTHN = 0 as Code<"reference", 0>;
const R_METHOD = 1 as Code<"reference", 1>;
const R_PATH = 2 as Code<"reference", 2>;
const R_HEADER = 3 as Code<"reference", 3>;
const R_QUERY = 4 as Code<"reference", 4>;
const R_MTLS = 5 as Code<"reference", 5>;

const S_IDENTITY = 0 as Code<"source", 0>;
const S_HEADER = 1 as Code<"source", 1>;

const V_TRUE = 0 as Code<"validator", 0>;
const V_FALSE = 1 as Code<"validator", 1>;
const V_IDENTITY = 2 as Code<"validator", 2>;
const V_HEADER = 3 as Code<"validator", 3>;

const ST_PASS = 0 as Code<"status", 0>;
const ST_ABSENT = 1 as Code<"status", 1>;
const ST_PRESENT = 2 as Code<"status", 2>;
const ST_REF_ABSENT = 3 as Code<"status", 3>;
const ST_FAILED = 4 as Code<"status", 4>;

/** One rule. Every rule has every property (one hidden class on the hot path). */
interface Rule {
  readonly field: string;
  readonly comparator: Comparator;
  readonly cmp: ComparatorCode;
  readonly source: SourceCode;
  readonly path: CompiledPath | null; // identity-context field
  readonly header: string; // header field, lower case
  readonly headerSlot: number; // header field: index into the per-evaluation header slots, else -1
  readonly op: OperandCode;
  readonly text: string; // O_EXACT
  readonly parts: readonly string[]; // O_GLOB
  readonly minLength: number; // O_GLOB
  readonly literal: unknown; // O_SCALAR, O_CONTAINER
  readonly regex: CompiledRegex | null; // O_REGEX
  readonly ref: ReferenceCode;
  readonly refPath: CompiledPath | null; // R_AUTHN, R_MTLS
  readonly refName: string; // R_HEADER (lower case), R_QUERY
  readonly refSlot: number; // R_HEADER: index into the header slots, else -1
  readonly messages: readonly string[]; // indexed by RuleStatusCode (ST_*)
}

interface CompiledValidator {
  readonly name: string;
  readonly index: number;
  readonly kind: ValidatorKindCode;
  readonly rules: readonly Rule[];
  readonly message: string; // for `false`, and for identity-context without an authn context
}

// ---------------------------------------------------------------------------------------------
// Reading untrusted definitions: own data properties only (getters are never invoked).


function own(o: object, key: string | number): unknown {
  const d = Object.getOwnPropertyDescriptor(o, key);
  return d && "value" in d ? (d.value as unknown) : undefined;
}

function isRecord(v: unknown): v is object {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function describeType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function show(v: unknown, max = 80): string {
  let s: string;
  try {
    s = typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = "(value)";
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

type Issues = { path: string; message: string }[];

/** The distinct header names a policy reads (fields and references), each with a slot number. */
class HeaderSlots {
  readonly names: string[] = [];
  slot(lower: string): number {
    const i = this.names.indexOf(lower);
    if (i >= 0) return i;
    this.names.push(lower);
    return this.names.length - 1;
  }
}

class Collector {
  readonly issues: Issues = [];
  add(path: string, message: string): void {
    if (this.issues.length < LIMITS.maxIssues) this.issues.push({ path, message });
  }
}

/** Copies a JSON value (own data properties only), or returns an error message. */
function copyJsonValue(v: unknown, depth: number, budget: { nodes: number }): { value: unknown } | string {
  if (--budget.nodes < 0) return `the value is too large (more than ${LIMITS.maxValueNodes} elements)`;
  if (depth > LIMITS.maxValueDepth) return `the value is nested more than ${LIMITS.maxValueDepth} levels deep`;
  switch (typeof v) {
    case "string":
      if (v.length > LIMITS.maxStringValueLength) return `strings in a value are limited to ${LIMITS.maxStringValueLength} characters`;
      return { value: v };
    case "number":
      return Number.isFinite(v) ? { value: v } : "numbers must be finite";
    case "boolean":
      return { value: v };
    case "object": {
      if (v === null) return { value: null };
      if (Array.isArray(v)) {
        const out: unknown[] = [];
        for (let i = 0; i < v.length; i++) {
          const c = copyJsonValue(own(v, i), depth + 1, budget);
          if (typeof c === "string") return c;
          out.push(c.value);
        }
        return { value: Object.freeze(out) };
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return "objects in a value must be plain JSON objects";
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const c = copyJsonValue(own(v, k), depth + 1, budget);
        if (typeof c === "string") return c;
        Object.defineProperty(out, k, { value: c.value, enumerable: true, writable: false, configurable: false });
      }
      return { value: Object.freeze(out) };
    }
    default:
      return `a value cannot be ${describeType(v)}`;
  }
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function headerNameProblem(name: string): string | null {
  if (name.length === 0) return "the header name is empty";
  if (name.length > LIMITS.maxHeaderNameLength) return `header names are limited to ${LIMITS.maxHeaderNameLength} characters`;
  if (!HEADER_NAME.test(name)) return `"${name}" is not a valid header name`;
  return null;
}

interface ParsedRef {
  ref: ReferenceCode;
  refPath: CompiledPath | null;
  refName: string;
}

const AUTHN_PREFIX = "$authnCtx.";
const REQUEST_PREFIX = "$request.";

/** null: not a reference (a literal); string: a malformed reference. */
function parseReference(raw: string): ParsedRef | string | null {
  if (raw.startsWith(AUTHN_PREFIX)) {
    const p = parsePath(raw.slice(AUTHN_PREFIX.length));
    return typeof p === "string" ? `bad reference ${raw}: ${p}` : { ref: R_AUTHN, refPath: p, refName: "" };
  }
  if (raw.startsWith(REQUEST_PREFIX)) {
    const rest = raw.slice(REQUEST_PREFIX.length);
    if (rest === "method") return { ref: R_METHOD, refPath: null, refName: "" };
    if (rest === "path") return { ref: R_PATH, refPath: null, refName: "" };
    if (rest.startsWith("headers.")) {
      const name = rest.slice("headers.".length);
      const problem = headerNameProblem(name);
      return problem ? `bad reference ${raw}: ${problem}` : { ref: R_HEADER, refPath: null, refName: name.toLowerCase() };
    }
    if (rest.startsWith("query.")) {
      const name = rest.slice("query.".length);
      if (name.length === 0 || name.length > LIMITS.maxQueryNameLength) return `bad reference ${raw}: the query parameter name is empty or too long`;
      return { ref: R_QUERY, refPath: null, refName: name };
    }
    if (rest.startsWith("mtls.")) {
      const p = parsePath(rest.slice("mtls.".length));
      return typeof p === "string" ? `bad reference ${raw}: ${p}` : { ref: R_MTLS, refPath: p, refName: "" };
    }
    return `unknown reference ${raw}: use $request.method, $request.path, $request.headers.<name>, $request.query.<name> or $request.mtls.<path>`;
  }
  // Near misses would silently become literals that never match: say so instead.
  if (/^\$(authn_?ctx|request)\./i.test(raw)) {
    return `"${raw.slice(0, 40)}" looks like a reference but is misspelled: references start with $authnCtx. or $request. (write \\$ for a literal dollar)`;
  }
  return null;
}

const COMPARATOR_CODES: Record<Comparator, ComparatorCode> = {
  equals: C_EQUALS,
  not_equals: C_NOT_EQUALS,
  contains: C_CONTAINS,
  not_contains: C_NOT_CONTAINS,
  present: C_PRESENT,
  not_present: C_NOT_PRESENT,
  matches: C_MATCHES,
};

const FAILED_VERB: Record<Comparator, string> = {
  equals: "does not equal",
  not_equals: "equals (or cannot be compared with)",
  contains: "does not contain",
  not_contains: "contains (or cannot be searched for)",
  present: "is absent",
  not_present: "is present",
  matches: "does not match",
};

function compileRule(raw: unknown, at: string, source: SourceCode, out: Collector, slots: HeaderSlots): Rule | null {
  if (!isRecord(raw)) {
    out.add(at, `a rule must be an object { field, comparator, value }, not ${describeType(raw)}`);
    return null;
  }
  const before = out.issues.length;
  const field = own(raw, "field");
  const comparator = own(raw, "comparator");
  const value = own(raw, "value");

  let path: CompiledPath | null = null;
  let header = "";
  if (typeof field !== "string" || field.length === 0) {
    out.add(`${at}.field`, field === undefined || field === "" ? "the field is missing" : `the field must be a string, not ${describeType(field)}`);
  } else if (source === S_IDENTITY) {
    if (field.startsWith(AUTHN_PREFIX) || field.startsWith(REQUEST_PREFIX)) {
      out.add(`${at}.field`, "the field is a path into the authn context (e.g. address.country), not a reference; put references in value");
    } else {
      const p = parsePath(field);
      if (typeof p === "string") out.add(`${at}.field`, p);
      else path = p;
    }
  } else {
    const problem = headerNameProblem(field);
    if (problem) out.add(`${at}.field`, problem);
    else header = field.toLowerCase();
  }

  if (typeof comparator !== "string" || !(COMPARATORS as readonly string[]).includes(comparator)) {
    out.add(
      `${at}.comparator`,
      comparator === undefined
        ? `the comparator is missing; use one of ${COMPARATORS.join(", ")}`
        : `unknown comparator ${show(comparator, 40)}; use one of ${COMPARATORS.join(", ")}`,
    );
    return null;
  }
  const comp = comparator as Comparator;
  const cmp = COMPARATOR_CODES[comp];

  let op: OperandCode = O_NONE;
  let text = "";
  let parts: readonly string[] = [];
  let minLength = 0;
  let literal: unknown = undefined;
  let regex: CompiledRegex | null = null;
  let ref: ParsedRef = { ref: R_NONE, refPath: null, refName: "" };
  let shown = "";

  if (cmp !== C_PRESENT && cmp !== C_NOT_PRESENT) {
    const vat = `${at}.value`;
    if (value === undefined || value === null) {
      out.add(vat, `${comp} needs a value`);
      return null;
    }
    const copied = copyJsonValue(value, 0, { nodes: LIMITS.maxValueNodes });
    if (typeof copied === "string") {
      out.add(vat, copied);
      return null;
    }
    const v = copied.value;
    shown = show(v);
    if (source === S_HEADER && typeof v !== "string") {
      out.add(vat, `header values are strings: quote the value (${show(v, 40)} is ${describeType(v)} and could never match)`);
      return null;
    }
    if (cmp === C_MATCHES) {
      if (typeof v !== "string") {
        out.add(vat, "matches needs a regular expression (a string)");
        return null;
      }
      const r = parseReference(v);
      if (r !== null) {
        out.add(vat, "matches takes a literal regular expression, not a reference");
        return null;
      }
      const c = compileRegex(v);
      if (!c.ok) {
        out.add(vat, `bad regular expression: ${c.message}`);
        return null;
      }
      op = O_REGEX;
      regex = c.regex;
      shown = `/${v}/`;
    } else if (typeof v === "string") {
      const r = parseReference(v);
      if (typeof r === "string") {
        out.add(vat, r);
        return null;
      }
      if (r !== null) {
        op = O_REF;
        ref = r;
        shown = v;
      } else {
        const g = parseGlob(v);
        if (g.kind === "any") {
          if (cmp === C_NOT_EQUALS) {
            out.add(vat, 'not_equals "*" can never pass; use not_present');
            return null;
          }
          op = O_ANY;
        } else if (g.kind === "exact") {
          op = O_EXACT;
          text = g.text;
        } else {
          op = O_GLOB;
          parts = Object.freeze(g.parts);
          minLength = g.minLength;
        }
      }
    } else if (typeof v === "number" || typeof v === "boolean") {
      op = O_SCALAR;
      literal = v;
    } else {
      op = O_CONTAINER;
      literal = v;
    }
  }
  if (out.issues.length > before || typeof field !== "string") return null;

  const subject = source === S_IDENTITY ? `claim ${show(field)}` : `header ${show(field)}`;
  const messages = [
    "",
    comp === "present" || comp === "not_present" ? `${subject} is absent` : `${subject} is absent (${comp} needs it)`,
    `${subject} is present but must not be`,
    `${subject}: the referenced ${shown} is absent`,
    `${subject} ${FAILED_VERB[comp]} ${shown}`,
  ];
  return Object.freeze({
    field,
    comparator: comp,
    cmp,
    source,
    path,
    header,
    headerSlot: source === S_HEADER ? slots.slot(header) : -1,
    op,
    text,
    parts,
    minLength,
    literal,
    regex,
    ref: ref.ref,
    refPath: ref.refPath,
    refName: ref.refName,
    refSlot: ref.ref === R_HEADER ? slots.slot(ref.refName) : -1,
    messages: Object.freeze(messages),
  });
}

function compileValidator(raw: unknown, index: number, out: Collector, slots: HeaderSlots): CompiledValidator | null {
  const at = `validators.${index}`;
  if (!isRecord(raw)) {
    out.add(at, `a validator must be an object { name, conf }, not ${describeType(raw)}`);
    return null;
  }
  const name = own(raw, "name");
  if (typeof name !== "string" || !(VALIDATOR_NAMES as readonly string[]).includes(name)) {
    out.add(
      `${at}.name`,
      name === undefined
        ? `the validator name is missing; use one of ${VALIDATOR_NAMES.join(", ")}`
        : `unknown validator ${show(name, 40)}; use one of ${VALIDATOR_NAMES.join(", ")}`,
    );
    return null;
  }
  if (name === "true") return { name, index, kind: V_TRUE, rules: [], message: "" };
  if (name === "false") return { name, index, kind: V_FALSE, rules: [], message: "the false validator always denies" };

  const source = name === "identity-context" ? S_IDENTITY : S_HEADER;
  const conf = own(raw, "conf");
  const fields = isRecord(conf) ? own(conf, "fields") : undefined;
  if (!isRecord(conf)) {
    out.add(`${at}.conf`, `${name} needs conf: { fields: [ { field, comparator, value } ] }`);
    return null;
  }
  if (!Array.isArray(fields) || fields.length === 0) {
    out.add(`${at}.conf.fields`, `${name} needs conf.fields: a non-empty array of rules`);
    return null;
  }
  if (fields.length > LIMITS.maxFieldsPerValidator) {
    out.add(`${at}.conf.fields`, `a validator has at most ${LIMITS.maxFieldsPerValidator} rules`);
    return null;
  }
  const rules: Rule[] = [];
  for (let i = 0; i < fields.length; i++) {
    const rule = compileRule(own(fields, i), `${at}.conf.fields.${i}`, source, out, slots);
    if (rule) rules.push(rule);
  }
  if (rules.length !== fields.length) return null;
  return {
    name,
    index,
    kind: source === S_IDENTITY ? V_IDENTITY : V_HEADER,
    rules: Object.freeze(rules),
    message: "no authentication context (token missing or not verified)",
  };
}

function compileDefinition(def: unknown, out: Collector, slots: HeaderSlots): CompiledValidator[] | null {
  if (!isRecord(def)) {
    out.add("", `a policy must be an object { validators: [...] }, not ${describeType(def)}`);
    return null;
  }
  for (const key of ["id", "policy_name"]) {
    const v = own(def, key);
    if (v !== undefined && typeof v !== "string") out.add(key, `${key} must be a string`);
  }
  const type = own(def, "type");
  if (type !== undefined && type !== "api") out.add("type", `only policies of type "api" can be enforced, not ${show(type, 40)}`);
  const language = own(def, "language");
  if (language !== undefined && language !== "cloudentity") {
    out.add("language", `only the "cloudentity" policy language is supported, not ${show(language, 40)}`);
  }
  const validators = own(def, "validators");
  if (!Array.isArray(validators)) {
    out.add("validators", validators === undefined ? "validators is missing" : `validators must be an array, not ${describeType(validators)}`);
    return null;
  }
  if (validators.length === 0) {
    out.add("validators", "a policy needs at least one validator (use the true validator to allow everything)");
    return null;
  }
  if (validators.length > LIMITS.maxValidators) {
    out.add("validators", `a policy has at most ${LIMITS.maxValidators} validators`);
    return null;
  }
  const compiled: CompiledValidator[] = [];
  for (let i = 0; i < validators.length; i++) {
    const v = compileValidator(own(validators, i), i, out, slots);
    if (v) compiled.push(Object.freeze(v));
  }
  return out.issues.length === 0 && compiled.length === validators.length ? compiled : null;
}

function configError(issues: Issues): PolicyConfigError {
  const first = issues[0] ?? { path: "", message: "the policy is invalid" };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  return {
    code: "invalid_policy",
    message: `${first.path ? `${first.path}: ` : ""}${first.message}${more}`,
    issues: issues.length > 0 ? issues : [first],
  };
}

// ---------------------------------------------------------------------------------------------
// Evaluation

const ALLOW: Decision = Object.freeze({ allowed: true as const });

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null;
}

function asciiLowerEquals(key: string, lower: string): boolean {
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** Marks the header slots when the headers object could not be read (a throwing getter…). */
const UNREADABLE = Object.freeze({ unreadable: true });

/**
 * Fills `slots[i]` with the value of header `names[i]` (lower case), names compared
 * case-insensitively, in ONE pass over the headers. When the same header appears under several
 * spellings (`X-Foo` and `x-foo`), all their values are combined, so every one is checked.
 */
function fillHeaderSlots(req: unknown, names: readonly string[], lengths: Uint8Array, slots: unknown[]): void {
  try {
    const headers = ownValue(req, "headers");
    if (headers === null || typeof headers !== "object") return;
    for (const key in headers) {
      const len = key.length;
      if (len >= lengths.length || lengths[len] === 0) continue; // no wanted name has this length
      for (let j = 0; j < names.length; j++) {
        const name = names[j]!;
        if (name.length !== len || !asciiLowerEquals(key, name)) continue;
        // Inherited enumerable keys (a polluted prototype) are not headers.
        if (Object.hasOwn(headers, key)) {
          const v = (headers as Record<string, unknown>)[key];
          if (!isAbsent(v)) {
            const prev = slots[j];
            slots[j] = prev === undefined ? v : ([] as unknown[]).concat(prev, v);
          }
        }
        break; // names are distinct
      }
    }
  } catch {
    slots.fill(UNREADABLE);
  }
}

function headerSlotValue(slots: readonly unknown[], slot: number): unknown {
  const v = slots[slot];
  if (v === UNREADABLE) throw new Error("the request headers could not be read");
  return v;
}

function ownValue(o: unknown, key: string): unknown {
  if (o === null || typeof o !== "object" || !Object.hasOwn(o, key)) return undefined;
  return (o as Record<string, unknown>)[key];
}

function deepEqual(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || depth > 64) return false;
  const aArray = Array.isArray(a);
  if (aArray !== Array.isArray(b)) return false;
  if (aArray) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      if (!Object.hasOwn(x, i) || !Object.hasOwn(y, i) || !deepEqual(x[i], y[i], depth + 1)) return false;
    }
    return true;
  }
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  for (const k of ak) {
    if (!Object.hasOwn(b, k) || !deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1)) return false;
  }
  return true;
}

function isContainer(v: unknown): boolean {
  return v !== null && typeof v === "object";
}

/** `f` equals the rule's value (`rv`: the resolved reference, compared literally). */
function equalsOp(r: Rule, f: unknown, rv: unknown): boolean {
  if (isAbsent(f)) return false;
  switch (r.op) {
    case O_ANY:
      return true;
    case O_EXACT:
      return f === r.text;
    case O_GLOB:
      return typeof f === "string" && globMatches(r.parts, r.minLength, f);
    case O_SCALAR:
      return f === r.literal;
    case O_CONTAINER:
      return isContainer(f) && deepEqual(f, r.literal, 0);
    case O_REF:
      return isContainer(rv) ? isContainer(f) && deepEqual(f, rv, 0) : f === rv;
    default:
      return false;
  }
}

/** Substring search in a string field; false when the value is not a string. */
function occursIn(r: Rule, f: string, rv: unknown): boolean {
  switch (r.op) {
    case O_ANY:
      return true;
    case O_EXACT:
      return f.includes(r.text);
    case O_GLOB:
      return globOccursIn(r.parts, r.minLength, f);
    case O_REF:
      return typeof rv === "string" && f.includes(rv);
    default:
      return false;
  }
}

function isStringOperand(r: Rule, rv: unknown): boolean {
  return r.op === O_ANY || r.op === O_EXACT || r.op === O_GLOB || (r.op === O_REF && typeof rv === "string");
}

function matchesScalar(re: CompiledRegex, f: unknown): boolean {
  if (typeof f === "string") return re.test(f);
  if (typeof f === "number" || typeof f === "boolean") return re.test(String(f));
  return false;
}

/** One comparison of a present value `f`. */
function compare(r: Rule, f: unknown, rv: unknown): boolean {
  if (isAbsent(f)) return false;
  switch (r.cmp) {
    case C_EQUALS:
      return equalsOp(r, f, rv);
    case C_NOT_EQUALS: {
      // An array/object against a scalar (or the reverse) is not comparable: fail closed.
      const valueIsContainer = r.op === O_CONTAINER || (r.op === O_REF && isContainer(rv));
      if (isContainer(f) !== valueIsContainer) return false;
      return !equalsOp(r, f, rv);
    }
    case C_CONTAINS:
      if (Array.isArray(f)) {
        for (let i = 0; i < f.length; i++) if (equalsOp(r, f[i], rv)) return true;
        return false;
      }
      return typeof f === "string" && occursIn(r, f, rv);
    case C_NOT_CONTAINS:
      if (Array.isArray(f)) {
        for (let i = 0; i < f.length; i++) if (equalsOp(r, f[i], rv)) return false;
        return true;
      }
      return typeof f === "string" && isStringOperand(r, rv) && !occursIn(r, f, rv);
    case C_MATCHES: {
      const re = r.regex;
      if (re === null) return false;
      if (Array.isArray(f)) {
        if (f.length === 0) return false;
        for (let i = 0; i < f.length; i++) if (!matchesScalar(re, f[i])) return false;
        return true;
      }
      return matchesScalar(re, f);
    }
    default:
      return false;
  }
}

/** Applies the rule to the field value; a multi-valued header passes only when every value does. */
function compareField(r: Rule, fv: unknown, rv: unknown): boolean {
  if (r.source === S_HEADER && Array.isArray(fv)) {
    for (let i = 0; i < fv.length; i++) if (!compare(r, fv[i], rv)) return false;
    return true;
  }
  return compare(r, fv, rv);
}

function resolveReference(r: Rule, ctx: unknown, req: unknown, slots: readonly unknown[]): unknown {
  switch (r.ref) {
    case R_AUTHN:
      return ctx === undefined ? undefined : resolvePath(ctx, r.refPath!);
    case R_METHOD:
      return ownValue(req, "method");
    case R_PATH:
      return ownValue(req, "path");
    case R_HEADER:
      return headerSlotValue(slots, r.refSlot);
    case R_QUERY:
      return ownValue(ownValue(req, "query"), r.refName);
    case R_MTLS:
      return resolvePath(ownValue(req, "mtls"), r.refPath!);
    default:
      return undefined;
  }
}

function checkRule(r: Rule, ctx: unknown, req: unknown, slots: readonly unknown[]): RuleStatusCode {
  const fv = r.source === S_IDENTITY ? resolvePath(ctx, r.path!) : headerSlotValue(slots, r.headerSlot);
  const absent = isAbsent(fv) || (r.source === S_HEADER && Array.isArray(fv) && fv.length === 0);
  if (r.cmp === C_PRESENT) return absent ? ST_ABSENT : ST_PASS;
  if (r.cmp === C_NOT_PRESENT) return absent ? ST_PASS : ST_PRESENT;
  if (absent) return ST_ABSENT;
  if (r.op !== O_REF) return compareField(r, fv, undefined) ? ST_PASS : ST_FAILED;

  let rv = resolveReference(r, ctx, req, slots);
  if (isAbsent(rv)) return ST_REF_ABSENT;
  // Headers and query parameters may carry several values: every one must satisfy the rule.
  if ((r.ref === R_HEADER || r.ref === R_QUERY) && Array.isArray(rv)) {
    if (rv.length === 0) return ST_REF_ABSENT;
    if (rv.length > 1) {
      for (let i = 0; i < rv.length; i++) {
        const each: unknown = rv[i];
        if (isAbsent(each)) return ST_REF_ABSENT;
        if (!compareField(r, fv, each)) return ST_FAILED;
      }
      return ST_PASS;
    }
    rv = rv[0];
    if (isAbsent(rv)) return ST_REF_ABSENT;
  }
  return compareField(r, fv, rv) ? ST_PASS : ST_FAILED;
}

function safeErrorName(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 200) : typeof e;
  } catch {
    return "unknown error";
  }
}

function lengthTable(names: readonly string[]): Uint8Array {
  const table = new Uint8Array(LIMITS.maxHeaderNameLength + 1);
  for (const n of names) table[n.length] = 1;
  return table;
}

interface Plan {
  readonly validators: readonly CompiledValidator[];
  readonly headerNames: readonly string[];
  /** headerLengths[n] === 1 when some wanted header name has n characters. */
  readonly headerLengths: Uint8Array;
  /** Header slots reused across evaluations; `busy` guards against re-entrance (from a getter). */
  readonly scratch: { busy: boolean; slots: unknown[] };
}

const NO_SLOTS: readonly unknown[] = Object.freeze([]);

function evaluatePlan(plan: Plan, input: unknown): Decision {
  let ctx: unknown = undefined;
  let req: unknown = undefined;
  try {
    if (input !== null && typeof input === "object") {
      ctx = ownValue(input, "authnCtx");
      req = ownValue(input, "request");
    }
  } catch (e) {
    return { allowed: false, failures: [{ validator: "engine", index: -1, message: `unreadable input (${safeErrorName(e)}); denied` }] };
  }
  if (req === null || typeof req !== "object") req = undefined;

  const h = plan.headerNames.length;
  if (h === 0) return evaluateValidators(plan.validators, ctx, req, NO_SLOTS);
  const scratch = plan.scratch;
  if (scratch.busy) {
    const slots = new Array<unknown>(h).fill(undefined);
    fillHeaderSlots(req, plan.headerNames, plan.headerLengths, slots);
    return evaluateValidators(plan.validators, ctx, req, slots);
  }
  scratch.busy = true;
  const slots = scratch.slots;
  try {
    fillHeaderSlots(req, plan.headerNames, plan.headerLengths, slots);
    return evaluateValidators(plan.validators, ctx, req, slots);
  } finally {
    slots.fill(undefined); // ready for the next request, and no request data kept alive
    scratch.busy = false;
  }
}

function evaluateValidators(validators: readonly CompiledValidator[], ctxIn: unknown, req: unknown, slots: readonly unknown[]): Decision {
  let failures: ValidatorFailure[] | null = null;
  const hasIdentity = ctxIn !== null && typeof ctxIn === "object" && !Array.isArray(ctxIn);
  const ctx = hasIdentity ? ctxIn : undefined;
  for (let i = 0; i < validators.length; i++) {
    const v = validators[i]!;
    if (v.kind === V_TRUE) continue;
    if (v.kind === V_FALSE || (v.kind === V_IDENTITY && !hasIdentity)) {
      (failures ??= []).push({ validator: v.name, index: v.index, message: v.message });
      continue;
    }
    const rules = v.rules;
    for (let k = 0; k < rules.length; k++) {
      const r = rules[k]!;
      let status: RuleStatusCode;
      let message: string | null = null;
      try {
        status = checkRule(r, ctx, req, slots);
      } catch (e) {
        status = ST_FAILED;
        message = `${r.messages[ST_FAILED]!}: evaluation error (${safeErrorName(e)}); denied`;
      }
      if (status !== ST_PASS) {
        message ??= r.messages[status]!;
        (failures ??= []).push({ validator: v.name, index: v.index, field: r.field, comparator: r.comparator, message });
      }
    }
  }
  return failures === null ? ALLOW : { allowed: false, failures };
}

// ---------------------------------------------------------------------------------------------
// Public entry points

function compileUnsafe(definition: unknown): CompileResult {
  const out = new Collector();
  const headerSlots = new HeaderSlots();
  const validators = compileDefinition(definition, out, headerSlots);
  if (!validators) return { ok: false, error: configError(out.issues) };
  const frozen = Object.freeze(validators);
  const needsIdentity = frozen.some((v) => v.kind === V_IDENTITY || v.rules.some((r) => r.ref === R_AUTHN));
  const headerNames = Object.freeze([...headerSlots.names]);
  const plan: Plan = Object.freeze({
    validators: frozen,
    headerNames,
    headerLengths: lengthTable(headerNames),
    scratch: { busy: false, slots: new Array<unknown>(headerNames.length).fill(undefined) },
  });
  const policy: CompiledPolicy = Object.freeze({
    needsIdentity,
    evaluate(input: EvaluationInput): Decision {
      try {
        return evaluatePlan(plan, input);
      } catch (e) {
        return { allowed: false, failures: [{ validator: "engine", index: -1, message: `evaluation error (${safeErrorName(e)}); denied` }] };
      }
    },
  });
  return { ok: true, policy };
}

/** Compiles a policy definition (any JSON) once; never throws. */
export function compilePolicy(definition: unknown): CompileResult {
  try {
    return compileUnsafe(definition);
  } catch (e) {
    return { ok: false, error: configError([{ path: "", message: `the policy could not be compiled (${safeErrorName(e)})` }]) };
  }
}

/** The configuration error compilePolicy would report, or null when the policy compiles. */
export function validatePolicy(definition: unknown): PolicyConfigError | null {
  const r = compilePolicy(definition);
  return r.ok ? null : r.error;
}
