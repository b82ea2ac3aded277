/**
 * The validator editor's view of a policy definition: plain JSON (`validators: unknown[]`), read
 * and changed with these helpers so the visual editor and the JSON view always show the same thing.
 */

export { COMPARATORS, VALIDATOR_NAMES } from "@/policy";
export const FIELD_VALIDATORS = new Set<string>(["identity-context", "header"]);
export const VALUELESS = new Set<string>(["present", "not_present"]);

export interface FieldRow {
  field: string;
  comparator: string;
  value: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function validatorName(v: unknown): string {
  return isObj(v) && typeof v.name === "string" ? v.name : "";
}

/** The field rows of a validator (shown as text; non-string values as their JSON). */
export function fieldRows(v: unknown): FieldRow[] {
  const fields = isObj(v) && isObj(v.conf) && Array.isArray(v.conf.fields) ? v.conf.fields : [];
  return fields.map((f) => {
    const o = isObj(f) ? f : {};
    const value = o.value;
    return {
      field: typeof o.field === "string" ? o.field : "",
      comparator: typeof o.comparator === "string" ? o.comparator : "",
      value: value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value),
    };
  });
}

function rowToJson(r: FieldRow): Obj {
  return VALUELESS.has(r.comparator) ? { field: r.field, comparator: r.comparator } : { field: r.field, comparator: r.comparator, value: r.value };
}

export function newValidator(name: string): Obj {
  return FIELD_VALIDATORS.has(name) ? { name, conf: { fields: [{ field: "", comparator: "equals", value: "" }] } } : { name };
}

/** Changes a validator's kind, keeping its rows when both kinds have rows. */
export function renameValidator(v: unknown, name: string): Obj {
  const base = isObj(v) ? v : {};
  if (!FIELD_VALIDATORS.has(name)) {
    const { conf: _conf, ...rest } = base;
    return { ...rest, name };
  }
  if (FIELD_VALIDATORS.has(validatorName(v))) return { ...base, name };
  return { ...base, ...newValidator(name) };
}

export function setRows(v: unknown, rows: FieldRow[]): Obj {
  const base = isObj(v) ? v : {};
  const conf = isObj(base.conf) ? base.conf : {};
  return { ...base, conf: { ...conf, fields: rows.map(rowToJson) } };
}

/** Parses the JSON view: a validators array, or a whole policy object with `validators`. */
export function parseValidatorsJson(text: string): { ok: true; validators: unknown[] } | { ok: false; error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (Array.isArray(parsed)) return { ok: true, validators: parsed };
  if (isObj(parsed) && Array.isArray(parsed.validators)) return { ok: true, validators: parsed.validators };
  return { ok: false, error: "Expected an array of validators (or an object with a validators array)." };
}

export function validatorsJson(validators: unknown[]): string {
  return JSON.stringify(validators, null, 2);
}

/** One line per policy for lists: "identity-context: scp contains orders.read; header: x-env equals prod". */
export function summarizeValidators(validators: unknown[]): string {
  if (validators.length === 0) return "no validators";
  return validators
    .map((v) => {
      const name = validatorName(v) || "(unnamed)";
      if (!FIELD_VALIDATORS.has(name)) return name === "true" ? "true (allow)" : name === "false" ? "false (deny)" : name;
      const rows = fieldRows(v);
      if (rows.length === 0) return `${name}: no fields`;
      return `${name}: ${rows.map((r) => (VALUELESS.has(r.comparator) ? `${r.field} ${r.comparator}` : `${r.field} ${r.comparator} ${r.value}`)).join(", ")}`;
    })
    .join("; ");
}

/** Server issue paths ("validators.0.conf.fields.1.comparator") as the editor places them. */
export function issuesAt(issues: { path: string; message: string }[], prefix: string, exact = false): string[] {
  return issues
    .filter((i) => (exact ? i.path === prefix : i.path === prefix || i.path.startsWith(`${prefix}.`)))
    .map((i) => i.message);
}
