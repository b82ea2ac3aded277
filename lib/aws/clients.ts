import "server-only";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { awsEndpointOverride } from "./endpoint";
import { awsRequestHandler, LAMBDA_TIMEOUTS, nameEndpointOnErrors } from "./http";

/**
 * SDK v3 clients, created once per region at module scope and reused (they keep their HTTP
 * connections and credentials cache). Credentials come from the SDK's default chain: environment
 * variables, shared config/credentials files and SSO (AWS_PROFILE), web identity, container and
 * instance roles. `AWS_ENDPOINT_URL` is honoured by the SDK.
 */
interface RegionClients {
  cloudFormation: CloudFormationClient;
  apiGateway: APIGatewayClient;
  s3: S3Client;
  sts: STSClient;
  lambda: LambdaClient;
}

// Shared across Next.js bundles of the same process, like the database connection.
const globalForAws = globalThis as unknown as { gatehouseAwsClients?: Map<string, RegionClients> };

function create(region: string): RegionClients {
  // Every client waits a bounded time for AWS (lib/aws/http) and names the endpoint on its errors.
  const base = { region, requestHandler: awsRequestHandler() };
  return {
    cloudFormation: nameEndpointOnErrors(new CloudFormationClient(base)),
    // The redeploy queue paces and retries API Gateway calls itself (retryAfterSeconds), so the
    // SDK must not add its own retries on top.
    apiGateway: nameEndpointOnErrors(new APIGatewayClient({ ...base, maxAttempts: 1 })),
    // Emulators serve buckets by path, not by virtual host.
    s3: nameEndpointOnErrors(new S3Client({ ...base, forcePathStyle: awsEndpointOverride("S3") !== null })),
    // The identity check answers a person waiting on Settings › AWS: one attempt, not three
    // (a timeout would otherwise take three times as long to report).
    sts: nameEndpointOnErrors(new STSClient({ ...base, maxAttempts: 1 })),
    lambda: nameEndpointOnErrors(new LambdaClient({ ...base, requestHandler: awsRequestHandler(LAMBDA_TIMEOUTS) })),
  };
}

export function awsClients(region: string): RegionClients {
  const cache = (globalForAws.gatehouseAwsClients ??= new Map<string, RegionClients>());
  let clients = cache.get(region);
  if (!clients) {
    clients = create(region);
    cache.set(region, clients);
  }
  return clients;
}

/** Drops the cached clients (tests that change the AWS environment between files). */
export function resetAwsClients(): void {
  for (const c of globalForAws.gatehouseAwsClients?.values() ?? []) {
    for (const client of Object.values(c) as { destroy: () => void }[]) client.destroy();
  }
  globalForAws.gatehouseAwsClients = undefined;
}

/** The region used when no gateway names one (identity checks, settings page). */
export function defaultRegion(): string {
  return process.env.AWS_REGION?.trim() || process.env.AWS_DEFAULT_REGION?.trim() || "us-east-1";
}
