import "server-only";
import { z } from "zod";
import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { ApiError } from "../api/errors";
import { awsClients, defaultRegion } from "./clients";
import { awsEndpointOverride } from "./endpoint";
import { awsErrorCode, CREDENTIALS_HELP, describeAwsError, type AwsErrorKind, type AwsFailure } from "./errors";

/** `GET /aws/identity?region=`: the region to ask STS in (default: the console's). */
export const awsIdentityQuerySchema = z.object({ region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1").optional() });

/** Who the console acts as in AWS (STS GetCallerIdentity), or why it cannot act at all. */
export type WhoAmI =
  | { ok: true; account: string; arn: string; userId: string; region: string; endpoint: string | null }
  | { ok: false; reason: AwsErrorKind; message: string; help: string[]; region: string; endpoint: string | null };

const MESSAGES: Partial<Record<AwsErrorKind, string>> = {
  no_credentials: "No AWS credentials: the console found none in its environment, profiles or instance role.",
  expired_credentials: "The console's AWS credentials have expired.",
  invalid_credentials: "AWS does not recognise the console's credentials.",
  unreachable: "AWS (or the endpoint override) could not be reached.",
};

/** The answer of whoAmI, with the failure it describes (accountFor's error code derives from it). */
type Identified = { who: Extract<WhoAmI, { ok: true }>; failure: null } | { who: Extract<WhoAmI, { ok: false }>; failure: AwsFailure };

async function identify(region: string, sts: STSClient): Promise<Identified> {
  const endpoint = awsEndpointOverride();
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    return { who: { ok: true, account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "", region, endpoint }, failure: null };
  } catch (err) {
    const f = describeAwsError(err);
    const lead = MESSAGES[f.kind] ?? "AWS refused to say who the console is.";
    // A timeout's own message already says what happened, for how long and where.
    const message = f.timedOut ? f.message : `${lead} ${f.kind === "no_credentials" ? "" : `(${f.code}: ${f.message})`}`.trim();
    const help = f.kind === "unreachable" ? [endpoint ? `Check that ${endpoint} (AWS_ENDPOINT_URL) is up.` : "Check the network path to AWS."] : CREDENTIALS_HELP;
    return { who: { ok: false, reason: f.kind, message, help, region, endpoint }, failure: f };
  }
}

export async function whoAmI(region = defaultRegion(), sts: STSClient = awsClients(region).sts): Promise<WhoAmI> {
  return (await identify(region, sts)).who;
}

const ACCOUNT_TTL_MS = 60_000;
const globalForIdentity = globalThis as unknown as { gatehouseAccounts?: Map<string, { at: number; account: string }> };

/** The account the console acts in for a region (cached for a minute); without it, the AWS error of why not (503 without credentials). */
export async function accountFor(region: string): Promise<string> {
  const cache = (globalForIdentity.gatehouseAccounts ??= new Map<string, { at: number; account: string }>());
  const hit = cache.get(region);
  if (hit && Date.now() - hit.at < ACCOUNT_TTL_MS) return hit.account;
  const identified = await identify(region, awsClients(region).sts);
  if (identified.failure !== null) {
    const { who, failure } = identified;
    throw new ApiError(awsErrorCode(failure), `${who.message} ${who.help.join(" ")}`.trim());
  }
  cache.set(region, { at: Date.now(), account: identified.who.account });
  return identified.who.account;
}

export function resetAccountCache(): void {
  globalForIdentity.gatehouseAccounts = undefined;
}
