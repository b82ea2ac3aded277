import { CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand } from "@aws-sdk/client-api-gateway";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { pushGroupsAsAuthorizer, restApiGroup, type CreatedGateway } from "./admin-api";
import { apiGateway } from "./aws";
import { signInAsAdmin, unique } from "./helpers";

/**
 * Deploy authorizer + Redeploy APIs against the AWS emulator the config starts (moto on
 * E2E_CONSOLE_PORT + 2000; the console gets AWS_ENDPOINT_URL).
 */
async function createGateway(request: APIRequestContext, name: string): Promise<CreatedGateway> {
  const res = await request.post("/api/admin/default/gateways", { data: { name, type: "aws", region: "us-east-1" } });
  expect(res.status()).toBe(201);
  return (await res.json()) as CreatedGateway;
}

/** A REST API with GET /pets deployed to two stages, as the authorizer's discovery would push it, connected to a service. */
async function connectedRestApi(request: APIRequestContext, gw: CreatedGateway, name: string): Promise<void> {
  const api = await apiGateway.send(new CreateRestApiCommand({ name }));
  const root = (await apiGateway.send(new GetResourcesCommand({ restApiId: api.id }))).items![0]!;
  const pets = await apiGateway.send(new CreateResourceCommand({ restApiId: api.id, parentId: root.id, pathPart: "pets" }));
  await apiGateway.send(new PutMethodCommand({ restApiId: api.id, resourceId: pets.id, httpMethod: "GET", authorizationType: "NONE" }));
  await apiGateway.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: pets.id, httpMethod: "GET", type: "MOCK" }));
  const stages = ["prod", "dev"];
  for (const stage of stages) await apiGateway.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: stage }));

  await pushGroupsAsAuthorizer(
    request,
    gw.issuer_url,
    gw.client,
    stages.map((stage) => restApiGroup(api.id!, name, [["GET", "/pets"]], stage)),
  );
  for (const stage of stages) {
    const bind = await request.post(`/api/admin/default/gateways/${gw.id}/groups/${api.id}-${stage}/bind`, {
      data: { service: { name: `${name}-${stage}` } },
    });
    expect(bind.ok()).toBe(true);
  }
}

test("launch the authorizer stack from the Quickstart and watch it complete; redeploy APIs and watch the queue finish", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page);
  const name = unique("stack");
  const gw = await createGateway(page.request, name);

  await page.goto(`/gateways/${gw.id}/quickstart`);
  const panel = page.getByRole("region", { name: "Deploy authorizer" });
  const form = panel.getByRole("form", { name: "Launch stack" });
  await expect(form.getByLabel("Stack name")).toHaveValue(`gatehouse-authorizer-${name}`);
  await expect(form.getByText(gw.client.client_id)).toBeVisible();
  await expect(form.getByRole("button", { name: "Launch stack" })).toBeDisabled();
  await form.getByLabel("Inject context").check();
  await form.getByRole("checkbox", { name: /acknowledge that AWS CloudFormation might create IAM resources/ }).check();
  await form.getByRole("button", { name: "Launch stack" }).click();

  await expect(panel.getByTestId("stack-status")).toHaveText("CREATE_COMPLETE", { timeout: 60_000 });
  await expect(panel.getByRole("progressbar", { name: "Stack progress" })).toHaveAttribute("aria-valuenow", "100");
  await expect(panel.getByText("FunctionArn")).toBeVisible();
  await expect(panel.getByRole("button", { name: "Update configuration" })).toBeEnabled();
  // The secret never reaches the page.
  expect(await page.content()).not.toContain(gw.client.client_secret);

  // Redeploy APIs: two connected stages, all of them on request.
  await connectedRestApi(page.request, gw, unique("PetStore"));
  await page.reload();
  await page.getByLabel("all connected stages").check();
  await page.getByRole("button", { name: /^Redeploy APIs/ }).click();
  const job = page.getByTestId("redeploy-job").first();
  await expect(job).toBeVisible();
  await expect(job.getByRole("status")).toHaveText(/Redeploying|Redeployed/);
  await expect(job).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(job.getByRole("status")).toHaveText("Redeployed 2 stages");
  await expect(job.getByRole("list", { name: "Stages" }).getByText(/deployed \(/)).toHaveCount(2);
});
