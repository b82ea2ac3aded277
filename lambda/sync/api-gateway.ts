import type * as ApiGatewaySdk from "@aws-sdk/client-api-gateway";
import type { APIGatewayClient, Authorizer, PatchOperation, Resource, RestApi } from "@aws-sdk/client-api-gateway";

/**
 * The API Gateway control-plane calls the sync makes, over AWS SDK v3.
 *
 * The client is created once per container at module scope (as Powertools does), but on the
 * first *scheduled* invocation rather than at load: loading the SDK costs ~180 ms, and
 * authorization requests — which never call AWS — must not pay that on a cold start. The SDK's
 * own retries are off (`maxAttempts: 1`): throttle.ts paces and retries with the quotas in mind,
 * and two retry layers would multiply. `AWS_ENDPOINT_URL` and the Lambda credentials are honoured
 * by the SDK itself.
 */
export interface ApiGatewayPort {
  getRestApis(limit: number, position?: string): Promise<{ items: RestApi[]; position?: string }>;
  getStageNames(restApiId: string): Promise<string[]>;
  getResources(restApiId: string, limit: number, position?: string): Promise<{ items: Resource[]; position?: string }>;
  getAuthorizers(restApiId: string, position?: string): Promise<{ items: Authorizer[]; position?: string }>;
  createAuthorizer(input: {
    restApiId: string;
    name: string;
    authorizerUri: string;
    identitySource: string;
    ttlSeconds: number;
  }): Promise<Authorizer>;
  updateAuthorizer(restApiId: string, authorizerId: string, ops: PatchOperation[]): Promise<void>;
  updateMethod(restApiId: string, resourceId: string, httpMethod: string, ops: PatchOperation[]): Promise<void>;
}

type Sdk = typeof ApiGatewaySdk;

/**
 * In the bundle (CommonJS) the SDK is `require`d: that resolves through NODE_PATH, where the
 * Lambda runtime (and the sandbox) keep it — an ESM `import()` would not look there. From
 * source (tests, ESM) there is no `require`, and `import()` finds node_modules.
 */
async function loadSdk(): Promise<Sdk> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (typeof require === "function") return require("@aws-sdk/client-api-gateway") as Sdk;
  return import("@aws-sdk/client-api-gateway");
}

let client: APIGatewayClient | undefined;

export async function sdkApiGatewayPort(): Promise<ApiGatewayPort> {
  const sdk = await loadSdk();
  client ??= new sdk.APIGatewayClient({ maxAttempts: 1 });
  const c = client;
  return {
    async getRestApis(limit, position) {
      const r = await c.send(new sdk.GetRestApisCommand({ limit, position }));
      return { items: r.items ?? [], position: r.position };
    },
    async getStageNames(restApiId) {
      const r = await c.send(new sdk.GetStagesCommand({ restApiId }));
      return (r.item ?? []).map((s) => s.stageName).filter((n): n is string => typeof n === "string" && n !== "");
    },
    async getResources(restApiId, limit, position) {
      const r = await c.send(new sdk.GetResourcesCommand({ restApiId, limit, position, embed: ["methods"] }));
      return { items: r.items ?? [], position: r.position };
    },
    async getAuthorizers(restApiId, position) {
      const r = await c.send(new sdk.GetAuthorizersCommand({ restApiId, limit: 500, position }));
      return { items: r.items ?? [], position: r.position };
    },
    async createAuthorizer(input) {
      return c.send(
        new sdk.CreateAuthorizerCommand({
          restApiId: input.restApiId,
          name: input.name,
          type: "REQUEST",
          authorizerUri: input.authorizerUri,
          identitySource: input.identitySource,
          authorizerResultTtlInSeconds: input.ttlSeconds,
        }),
      );
    },
    async updateAuthorizer(restApiId, authorizerId, ops) {
      await c.send(new sdk.UpdateAuthorizerCommand({ restApiId, authorizerId, patchOperations: ops }));
    },
    async updateMethod(restApiId, resourceId, httpMethod, ops) {
      await c.send(new sdk.UpdateMethodCommand({ restApiId, resourceId, httpMethod, patchOperations: ops }));
    },
  };
}
