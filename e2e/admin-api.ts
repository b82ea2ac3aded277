import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { CONSOLE_URL } from "./env";

/** The admin and system APIs as the specs call them beside the UI (setting up what the UI then shows). */
export const ADMIN_API = "/api/admin/default";

/** Admin API writes with the session cookie need a same-origin Origin header (CSRF check). */
export function origin(page: Page): Record<string, string> {
  return { Origin: new URL(page.url()).origin };
}

/** What `POST /gateways` answers (the parts the specs read). */
export interface CreatedGateway {
  id: string;
  name: string;
  version: number;
  issuer_url: string;
  client: { client_id: string; client_secret: string };
}

/** A REST API stage as an authorizer's discovery pushes it: group `<restApiId>-<stage>`. */
export function restApiGroup(restApiId: string, apiName: string, apis: [method: string, path: string][], stage = "prod") {
  return {
    id: `${restApiId}-${stage}`,
    name: `${apiName} (${stage})`,
    metadata: { type: "aws", aws: { api_id: restApiId, api_name: apiName, stage } },
    apis: apis.map(([method, path]) => ({ method, path, api_type: "rest" })),
  };
}

/**
 * What an authorizer does after discovery: a client-credentials token from the gateway's issuer
 * (`scope` if given), its configuration read first if `fetchConfigurationFirst` (a starting
 * authorizer does that, which marks the gateway active), then its API groups pushed. Returns the token.
 */
export async function pushGroupsAsAuthorizer(
  request: APIRequestContext,
  issuerUrl: string,
  client: { client_id: string; client_secret: string },
  groups: unknown[],
  opts: { scope?: string; fetchConfigurationFirst?: boolean } = {},
): Promise<string> {
  const token = await request.post(`${issuerUrl}/oauth2/token`, {
    form: { grant_type: "client_credentials", client_id: client.client_id, client_secret: client.client_secret, ...(opts.scope ? { scope: opts.scope } : {}) },
  });
  expect(token.status()).toBe(200);
  const { access_token } = (await token.json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${access_token}` };
  if (opts.fetchConfigurationFirst) {
    const config = await request.get(`${CONSOLE_URL}/api/system/default/gateways/configuration`, { headers });
    expect(config.status()).toBe(200);
  }
  const push = await request.post(`${CONSOLE_URL}/api/system/default/gateways/configuration`, { headers, data: { api_groups: groups } });
  expect(push.status()).toBe(200);
  return access_token;
}
