import "server-only";
import { FlushStageAuthorizersCacheCommand } from "@aws-sdk/client-api-gateway";
import { recordAudit, type AuditActor } from "../../audit/record";
import { gatewayFunction } from "../../aws/authorizer-function";
import { awsClients } from "../../aws/clients";
import { describeAwsError } from "../../aws/errors";
import { accountFor } from "../../aws/identity";
import { realClock } from "../../../protocol/clock";
import { generalCall } from "../../aws/redeploy/deploy-stage";
import { limitsFor } from "../../aws/redeploy/limits";
import type { Db } from "../../db/client";
import { connectedStages, markCacheFlushed } from "./refresh";

/**
 * *Flush authorizer cache*: with caching on (TTL > 0), an assignment change reaches requests
 * only when API Gateway's cached answers expire; FlushStageAuthorizersCache empties a stage's
 * cache at once — no deployment needed, and none is made.
 */
export interface FlushResult {
  flushed: { rest_api_id: string; stage: string }[];
  errors: { rest_api_id: string; stage: string; error: string }[];
}

export async function flushGatewayCaches(db: Db, actor: AuditActor, gatewayId: string): Promise<FlushResult> {
  const stages = await connectedStages(db, { gatewayId });
  const result: FlushResult = { flushed: [], errors: [] };
  const fn = await gatewayFunction(db, gatewayId);
  for (const s of stages) {
    try {
      const account = fn?.accountId ?? (await accountFor(s.region));
      await generalCall(limitsFor(account, s.region), { clock: realClock, maxAttempts: 3 }, () =>
        awsClients(s.region).apiGateway.send(new FlushStageAuthorizersCacheCommand({ restApiId: s.restApiId, stageName: s.stage })),
      );
      await markCacheFlushed(db, s, new Date());
      result.flushed.push({ rest_api_id: s.restApiId, stage: s.stage });
    } catch (err) {
      const f = describeAwsError(err);
      result.errors.push({ rest_api_id: s.restApiId, stage: s.stage, error: `${f.code}: ${f.message}` });
    }
  }
  await recordAudit(db, actor, {
    action: "gateway.flush_authorizer_cache",
    targetType: "gateway",
    targetId: gatewayId,
    after: { flushed: result.flushed.map((f) => `${f.rest_api_id}/${f.stage}`), failed: result.errors.length },
  });
  return result;
}
