import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";

/** SDK clients for the emulator's control plane (moto), one set per region. */
export interface AwsClients {
  apiGateway: APIGatewayClient;
  lambda: LambdaClient;
  s3: S3Client;
  sts: STSClient;
  events: EventBridgeClient;
}

export function awsClients(endpoint: string, region: string): AwsClients {
  const base = {
    region,
    endpoint,
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "test",
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "test",
      sessionToken: process.env.AWS_SESSION_TOKEN,
    },
  };
  return {
    apiGateway: new APIGatewayClient(base),
    lambda: new LambdaClient(base),
    s3: new S3Client({ ...base, forcePathStyle: true }),
    sts: new STSClient(base),
    events: new EventBridgeClient(base),
  };
}
