import type { Db } from "../db/client";
import { listApis } from "../enforcement/apis";
import { lastEnforcementCheck, type EnforcementCheck } from "./test-request";

/**
 * The Quickstart's later steps, read from the real state: policies assigned to the gateway's
 * APIs, redeploys pending, and the last test request sent through the console.
 */
export interface GatewayProgress {
  apis: number;
  protected: number;
  unrestricted: number;
  pending_redeploy: number;
  last_test_request: EnforcementCheck | null;
}

export async function gatewayProgress(db: Db, gatewayId: string): Promise<GatewayProgress> {
  const { summary } = await listApis(db, { gateway_id: gatewayId });
  return {
    apis: summary.protected + summary.unrestricted,
    protected: summary.protected,
    unrestricted: summary.unrestricted,
    pending_redeploy: summary.pending_redeploy,
    last_test_request: await lastEnforcementCheck(db, gatewayId),
  };
}
