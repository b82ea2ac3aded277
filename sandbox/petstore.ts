import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  type APIGatewayClient,
} from "@aws-sdk/client-api-gateway";

/**
 * An example REST API like AWS's PetStore sample (`/pets`, `/pets/{petId}`, stage `prod`),
 * created in the emulator for the demo and the end-to-end tests. Idempotent by name.
 */
export const PETSTORE_NAME = "PetStore";

export async function ensurePetStore(apiGateway: APIGatewayClient, stageName = "prod", name = PETSTORE_NAME): Promise<{ apiId: string; created: boolean }> {
  const existing = (await apiGateway.send(new GetRestApisCommand({ limit: 500 }))).items?.find((a) => a.name === name);
  if (existing?.id) return { apiId: existing.id, created: false };
  const api = await apiGateway.send(
    new CreateRestApiCommand({ name, description: "Your first API with Amazon API Gateway. This is a sample API that integrates via HTTP with our demo Pet Store endpoints." }),
  );
  const restApiId = api.id!;
  const root = (await apiGateway.send(new GetResourcesCommand({ restApiId }))).items!.find((r) => r.path === "/")!;
  const pets = await apiGateway.send(new CreateResourceCommand({ restApiId, parentId: root.id, pathPart: "pets" }));
  const pet = await apiGateway.send(new CreateResourceCommand({ restApiId, parentId: pets.id, pathPart: "{petId}" }));
  const methods: [string, string][] = [
    [root.id!, "GET"],
    [pets.id!, "GET"],
    [pets.id!, "POST"],
    [pets.id!, "OPTIONS"],
    [pet.id!, "GET"],
    [pet.id!, "OPTIONS"],
  ];
  for (const [resourceId, httpMethod] of methods) {
    await apiGateway.send(new PutMethodCommand({ restApiId, resourceId, httpMethod, authorizationType: "NONE" }));
    await apiGateway.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
  }
  await apiGateway.send(new CreateDeploymentCommand({ restApiId, stageName, description: "Initial deployment" }));
  return { apiId: restApiId, created: true };
}
