import type { Db } from "../db/client";
import { listApis } from "../enforcement/apis";
import { lastEnforcementCheck, type EnforcementCheck } from "./test-request";

/**
 * The Quickstart's later steps, read from the real state: policies assigned to the gateway's
 * APIs, redeploys pending, and the last test request sent through the console.
 */
export interface GatewayProgress {
  apis: number;
  /** With a policy the gateway enforces now. */
  protected: number;
  with_policy: number;
  unrestricted: number;
  open_at_gateway: number;
  /** Stages whose deployment is behind what must be enforced. */
  pending_redeploy: number;
  checked_at: string | null;
  last_test_request: EnforcementCheck | null;
}

export async function gatewayProgress(db: Db, gatewayId: string): Promise<GatewayProgress> {
  const { summary } = await listApis(db, { gateway_id: gatewayId });
  return {
    apis: summary.with_policy + summary.unrestricted,
    protected: summary.protected,
    with_policy: summary.with_policy,
    unrestricted: summary.unrestricted,
    open_at_gateway: summary.open_at_gateway,
    pending_redeploy: summary.pending_redeploy,
    checked_at: summary.checked_at,
    last_test_request: await lastEnforcementCheck(db, gatewayId),
  };
}
