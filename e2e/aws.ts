import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { expect, type APIRequestContext } from "@playwright/test";
import { AWS_E2E_ENV, SANDBOX_URL } from "./env";

/** The emulator's API Gateway, as the specs set REST APIs up and read them back. */
export const apiGateway = new APIGatewayClient({
  region: AWS_E2E_ENV.AWS_REGION,
  endpoint: AWS_E2E_ENV.AWS_ENDPOINT_URL,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});

/** The status the sandbox data plane answers for `path` on the REST API's prod stage (a bearer token if given). */
export async function sandboxStatus(apiId: string, path: string, token?: string): Promise<number> {
  const res = await fetch(`${SANDBOX_URL}/restapis/${apiId}/prod/_user_request_${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return res.status;
}

/** One scheduled run of every authorizer in the sandbox, as EventBridge makes it. */
export async function schedule(request: APIRequestContext): Promise<void> {
  expect((await request.post(`${SANDBOX_URL}/_sandbox/schedule`)).ok()).toBe(true);
}
