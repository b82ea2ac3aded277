/** Public types of the policy engine (see README.md for the semantics). */

export type Comparator = "equals" | "not_equals" | "contains" | "not_contains" | "present" | "not_present" | "matches";

export const COMPARATORS: readonly Comparator[] = Object.freeze([
  "equals",
  "not_equals",
  "contains",
  "not_contains",
  "present",
  "not_present",
  "matches",
] as const);

export const VALIDATOR_NAMES = Object.freeze(["true", "false", "identity-context", "header"] as const);

export interface FieldRule {
  field: string;
  comparator: Comparator;
  value?: unknown;
}

export interface Validator {
  name: string;
  conf?: { fields?: FieldRule[] } & Record<string, unknown>;
  recovery?: unknown;
}

export interface PolicyDefinition {
  id?: string;
  policy_name?: string;
  type?: string;
  language?: string;
  validators: Validator[];
}

export interface RequestFacts {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, string | string[] | undefined>;
  mtls?: Record<string, unknown>;
}

export interface EvaluationInput {
  authnCtx: Record<string, unknown> | null;
  request: RequestFacts;
}

export interface ValidatorFailure {
  validator: string;
  index: number;
  field?: string;
  comparator?: Comparator;
  message: string;
}

export type Decision = { allowed: true } | { allowed: false; failures: ValidatorFailure[] };

export interface PolicyConfigError {
  code: "invalid_policy";
  message: string;
  issues: { path: string; message: string }[];
}

export interface CompiledPolicy {
  evaluate(input: EvaluationInput): Decision;
  readonly needsIdentity: boolean;
}

export type CompileResult = { ok: true; policy: CompiledPolicy } | { ok: false; error: PolicyConfigError };
