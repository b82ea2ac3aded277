/** Shapes of the stack admin API (`/gateways/{gw}/stack…`) as the UI reads them. */
import type { AuthorizerSettings } from "@/lib/db/schema";

export type StackSettings = AuthorizerSettings;

export interface StackResource {
  logicalResourceId: string;
  resourceType: string;
  status: string;
  reason: string | null;
  at: string | null;
}

export interface StackView {
  gateway_id: string;
  stack_name: string;
  stack_id: string;
  region: string;
  account_id: string;
  status: string;
  status_reason: string | null;
  phase: "in_progress" | "complete" | "failed" | "deleted";
  operation: "launch" | "update" | "delete";
  operation_started_at: string;
  can_update: boolean;
  authorizer_version: string;
  parameters: Record<string, string>;
  outputs: Record<string, string>;
  artifacts: { bucket: string; code_key: string; template_key: string; template_sha256: string };
  secret_current: boolean;
  progress: { done: number; total: number; percent: number; resources: StackResource[] };
  events: { event_id: string; at: string; logical_resource_id: string; resource_type: string; status: string; reason: string | null }[];
  failure: { logicalResourceId: string | null; resourceType: string | null; reason: string; advice: string } | null;
  version: number;
  updated_at: string;
}

export interface StackState {
  stack: StackView | null;
  launch: {
    stack_name: string;
    region: string;
    client_id: string;
    issuer_url: string;
    authorizer_version: string;
    settings: StackSettings;
    parameters: { name: string; env: string; group: "base" | "advanced" | "certificate" }[];
    resource_count: number;
  };
  aws_error: string | null;
}

export interface QuickCreateLink {
  url: string;
  template_url: string;
  stack_name: string;
  region: string;
  not_prefilled: string[];
}

export interface InvokeUrls {
  sandbox: boolean;
  stages: {
    group_id: string;
    rest_api_id: string;
    api_name: string;
    stage: string;
    service_id: string;
    service_name: string;
    invoke_url: string;
    sample_path: string;
    curl: string;
  }[];
}

export const stackKeys = {
  stack: (gatewayId: string) => ["gateways", gatewayId, "stack"] as const,
  invokeUrls: (gatewayId: string) => ["gateways", gatewayId, "invoke-urls"] as const,
};
