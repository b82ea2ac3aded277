import type { Policy } from "../db/schema";

/** What the API shows of a policy. */
export interface PolicyView {
  id: string;
  policy_name: string;
  description: string;
  type: "api";
  language: "cloudentity";
  validators: unknown[];
  builtin: "block" | "allow" | null;
  used_by: PolicyUsage;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PolicyUsage {
  apis: number;
  gateways: number;
  /** APIs that have it as their shadow policy (docs/shadow-policies.md). */
  shadow_apis: number;
}

export function toPolicyView(p: Policy, usedBy: PolicyUsage = { apis: 0, gateways: 0, shadow_apis: 0 }): PolicyView {
  return {
    id: p.id,
    policy_name: p.policyName,
    description: p.description,
    type: p.type,
    language: p.language,
    validators: p.validators,
    builtin: p.builtin,
    used_by: usedBy,
    version: p.version,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

/** The policy as the audit log keeps it (content only, no bookkeeping). */
export function auditShape(p: Policy): Record<string, unknown> {
  return { policy_name: p.policyName, description: p.description, validators: p.validators };
}
