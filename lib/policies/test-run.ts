import "server-only";
import { decodeJwt } from "jose";
import { compilePolicy, type ValidatorFailure } from "@/policy";
import { notFound, unprocessable } from "../api/errors";
import type { Db } from "../db/client";
import type { TestPolicyBody } from "./schemas";
import { findPolicy } from "./service";
import { engineIssues } from "./validate";

/** `POST /policies/test`: a policy (saved or not) against a described request and identity. */

export interface PolicyTestResult {
  allowed: boolean;
  needs_identity: boolean;
  claims_source: "authn_ctx" | "jwt (not verified)" | "none";
  validators: { index: number; name: string; passed: boolean; failures: ValidatorFailure[] }[];
}

export async function definitionOf(db: Db, body: { policy_id?: string; policy?: unknown }): Promise<unknown> {
  if (body.policy_id) {
    const p = await findPolicy(db, body.policy_id);
    if (!p) throw notFound("Policy");
    return { id: p.id, policy_name: p.policyName, type: p.type, language: p.language, validators: p.validators };
  }
  return body.policy;
}

function identityOf(body: TestPolicyBody): { ctx: Record<string, unknown> | null; source: PolicyTestResult["claims_source"] } {
  if (body.jwt) {
    try {
      // Deliberately NOT verified: the test shows what the policy does with these claims.
      return { ctx: decodeJwt(body.jwt), source: "jwt (not verified)" };
    } catch (e) {
      throw unprocessable("The JWT cannot be decoded.", [{ path: "jwt", message: e instanceof Error ? e.message : "not a JWT" }]);
    }
  }
  if (body.authn_ctx) return { ctx: body.authn_ctx, source: "authn_ctx" };
  return { ctx: null, source: "none" };
}

function validatorNames(definition: unknown): string[] {
  const validators = (definition as { validators?: unknown } | null)?.validators;
  if (!Array.isArray(validators)) return [];
  return validators.map((v) => {
    const name = (v as { name?: unknown } | null)?.name;
    return typeof name === "string" ? name : "";
  });
}

export async function runPolicyTest(db: Db, body: TestPolicyBody): Promise<PolicyTestResult> {
  const definition = await definitionOf(db, body);
  const compiled = compilePolicy(definition);
  if (!compiled.ok) throw unprocessable(`The policy is invalid: ${compiled.error.message}`, engineIssues(compiled.error.issues));
  const { ctx, source } = identityOf(body);
  const decision = compiled.policy.evaluate({
    authnCtx: ctx,
    request: { method: body.request.method.toUpperCase(), path: body.request.path, headers: body.request.headers, query: body.request.query },
  });
  const failures = decision.allowed ? [] : decision.failures;
  return {
    allowed: decision.allowed,
    needs_identity: compiled.policy.needsIdentity,
    claims_source: source,
    validators: validatorNames(definition).map((name, index) => {
      const own = failures.filter((f) => f.index === index);
      return { index, name, passed: own.length === 0, failures: own };
    }),
  };
}
