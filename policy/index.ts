/**
 * Gatehouse policy engine: compiles Cloudentity-language policies once, evaluates them on the
 * authorizer's hot path. Pure (no I/O, no imports outside policy/), never throws, fails closed.
 * Semantics: policy/README.md.
 */
export {
  COMPARATORS,
  VALIDATOR_NAMES,
  type Comparator,
  type FieldRule,
  type Validator,
  type PolicyDefinition,
  type RequestFacts,
  type EvaluationInput,
  type ValidatorFailure,
  type Decision,
  type PolicyConfigError,
  type CompiledPolicy,
  type CompileResult,
} from "./types";
export { compilePolicy, validatePolicy, LIMITS } from "./engine";
export { compileRegex, type CompiledRegex, type RegexCompileResult } from "./regex";
