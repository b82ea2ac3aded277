import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ensurePetStore } from "../sandbox/petstore";
import { apiGateway, sandboxStatus as status, schedule } from "./aws";
import { SANDBOX_URL } from "./env";
import { connectGroupToNewService, createGatewayWithStack, signInAsAdmin, unique } from "./helpers";

/**
 * The first reference guide, end to end, with real HTTP requests through the local data plane:
 * create a gateway → launch the authorizer stack → discovery → connect → redeploy → 200 →
 * Block API → 403 (the other API still 200) → a scope policy: 401 / 403 / 200 → inject context
 * (stack update) → the echoed authnCtx decodes to the token's claims on the decoder page.
 */
interface ApiRow {
  id: string;
  method: string;
  path: string;
  version: number;
  rest_api: { api_id: string; stage: string } | null;
}

async function apisOf(request: APIRequestContext, gatewayId: string): Promise<ApiRow[]> {
  const res = await request.get(`/api/admin/default/apis?gateway_id=${gatewayId}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { apis: ApiRow[] }).apis;
}

async function assign(request: APIRequestContext, gatewayId: string, method: string, path: string, policyId: string | null) {
  const api = (await apisOf(request, gatewayId)).find((a) => a.method === method && a.path === path);
  expect(api, `${method} ${path}`).toBeTruthy();
  const res = await request.put(`/api/admin/default/apis/${api!.id}`, { data: { policy_id: policyId, version: api!.version } });
  expect(res.status()).toBe(200);
}

async function redeploy(page: Page, gatewayId: string, all = false): Promise<void> {
  await page.goto(`/gateways/${gatewayId}/quickstart`);
  if (all) await page.getByLabel("all connected stages").check();
  await page.getByRole("button", { name: /^Redeploy APIs/ }).click();
  const job = page.getByTestId("redeploy-job").first();
  await expect(job).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
}

async function mint(request: APIRequestContext, sub: string, scopes: string[]): Promise<string> {
  const res = await request.post("/api/admin/default/test-issuer/tokens", { data: { sub, scopes, claims: { tid: "e2e-tenant" } } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { access_token: string }).access_token;
}

test("the whole guide: from a new gateway to enforced policies and a decoded authn context", async ({ page }) => {
  test.setTimeout(300_000);
  const { apiId } = await ensurePetStore(apiGateway);
  const groupId = `${apiId}-prod`;
  await signInAsAdmin(page);
  expect((await page.request.put("/api/admin/default/test-issuer", { data: { enabled: true } })).status()).toBe(200);

  // 1–2. Create the gateway (auto-bind off), launch the authorizer stack and watch it complete.
  const gatewayId = await createGatewayWithStack(page, unique("guide"));

  // 3. The scheduled event: the authorizer connects and discovers the PetStore API.
  await schedule(page.request);
  await page.goto(`/gateways/${gatewayId}/apis`);
  const group = page.getByTestId(`group-${groupId}`);
  await expect(group).toBeVisible({ timeout: 30_000 });
  await expect(group).toContainText("not connected");

  // 4. Connect the group to a new service.
  await connectGroupToNewService(group);

  // 5. The authorizer attaches itself to the connected group's methods; redeploy all stages.
  await schedule(page.request);
  await redeploy(page, gatewayId, true);
  await expect.poll(() => status(apiId, "/pets"), { timeout: 30_000 }).toBe(200);

  // The console's own test request sees the same.
  await page.goto(`/gateways/${gatewayId}/quickstart`);
  const testForm = page.getByRole("form", { name: `Send a test request to ${groupId}` });
  await testForm.getByLabel("Path").fill("/pets");
  // Its curl line follows the form: this path, no token given so no Authorization header.
  await expect(testForm.getByTestId(`curl-${groupId}`)).toHaveText(`curl -i '${SANDBOX_URL}/restapis/${apiId}/prod/_user_request_/pets'`);
  await testForm.getByRole("button", { name: "Send test request" }).click();
  await expect(testForm.getByTestId("test-status")).toHaveText("200");

  // 6. Block API on GET /pets → 403 at the authorizer's next reload: the stage is attached and
  //    deployed, so no deployment is needed (cache TTL 0); GET /pets/{petId} still 200.
  const policies = ((await (await page.request.get("/api/admin/default/policies")).json()) as { policies: { id: string; builtin: string | null }[] }).policies;
  const block = policies.find((p) => p.builtin === "block")!;
  await assign(page.request, gatewayId, "GET", "/pets", block.id);
  const plain = await page.request.post("/api/admin/default/redeploy", { data: { gateway_id: gatewayId } });
  // It says what it considered and why nothing needed a deployment.
  expect(((await plain.json()) as { job: unknown; message: string }).message).toMatch(
    /^Nothing to redeploy: checked (the 1 connected stage|all \d+ connected stages) of this gateway against AWS just now; none needs a deployment, because .*all connected stages/,
  );
  await expect.poll(() => status(apiId, "/pets"), { timeout: 30_000, intervals: [1000] }).toBe(403);
  expect(await status(apiId, "/pets/7")).toBe(200);

  // 7. A policy requiring a scope on GET /pets/{petId}: no token 401, wrong scope 403, right scope 200.
  const created = await page.request.post("/api/admin/default/policies", {
    data: {
      policy_name: unique("needs-pets-read"),
      validators: [{ name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "pets.read" }] } }],
    },
  });
  expect(created.status()).toBe(201);
  const scopePolicy = (await created.json()) as { id: string };
  await assign(page.request, gatewayId, "GET", "/pets/{petId}", scopePolicy.id);
  const withScope = await mint(page.request, "guide-user", ["pets.read"]);
  const withoutScope = await mint(page.request, "guide-user", ["orders.read"]);
  await expect.poll(() => status(apiId, "/pets/7"), { timeout: 30_000, intervals: [1000] }).toBe(401);
  expect(await status(apiId, "/pets/7", withoutScope)).toBe(403);
  expect(await status(apiId, "/pets/7", withScope)).toBe(200);
  // The same through the test-request form, with the minted token: the curl line names only $TOKEN.
  await page.goto(`/gateways/${gatewayId}/quickstart`);
  await testForm.getByLabel("Path").fill("/pets/7");
  await testForm.getByLabel("Access token (optional)").fill(withScope);
  await expect(testForm.getByTestId(`curl-${groupId}`)).toHaveText(
    `curl -i -H "Authorization: Bearer $TOKEN" '${SANDBOX_URL}/restapis/${apiId}/prod/_user_request_/pets/7'`,
  );
  await testForm.getByRole("button", { name: "Send test request" }).click();
  await expect(testForm.getByTestId("test-status")).toHaveText("200");

  // 8. Inject the authn context (a stack update), then decode it on the decoder page.
  const update = await page.request.put(`/api/admin/default/gateways/${gatewayId}/stack`, { data: { settings: { AWS_INJECT_CONTEXT: true } } });
  expect(update.status()).toBe(202);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/admin/default/gateways/${gatewayId}/stack?refresh=1`)).json()) as { stack: { status: string } }).stack.status, { timeout: 60_000 })
    .toBe("UPDATE_COMPLETE");
  let echoed = "";
  await expect
    .poll(async () => {
      const res = await fetch(`${SANDBOX_URL}/restapis/${apiId}/prod/_user_request_/pets/7`, { headers: { Authorization: `Bearer ${withScope}` } });
      echoed = await res.text();
      return ((JSON.parse(echoed) as { requestContext?: { authorizer?: { authnCtx?: string } } }).requestContext?.authorizer?.authnCtx ?? "").length > 0;
    }, { timeout: 30_000 })
    .toBe(true);
  await page.goto("/authn-context");
  await page.getByLabel("authnCtx, Lambda event or JWT").fill(echoed);
  await expect(page.getByTestId("claim-row-sub")).toContainText("guide-user");
  await expect(page.getByTestId("claim-row-tid")).toContainText("e2e-tenant");
  await expect(page.getByTestId("authnctx-unsigned")).toContainText("Decoded, not signed.");
});

test("with auto-bind on, the authorizer's discovery creates and binds the service by itself", async ({ page }) => {
  test.setTimeout(120_000);
  const { apiId } = await ensurePetStore(apiGateway);
  await signInAsAdmin(page);
  const name = unique("autobind");
  // Its own authorizer name, so it never takes over methods another gateway's authorizer secures.
  const created = await page.request.post("/api/admin/default/gateways", {
    data: { name, type: "aws", region: "us-east-1", create_and_bind_services_automatically: true, settings: { AWS_AUTHORIZER_NAME: `gatehouse-${name}` } },
  });
  expect(created.status()).toBe(201);
  const gw = (await created.json()) as { id: string };
  const launch = await page.request.post(`/api/admin/default/gateways/${gw.id}/stack`, { data: { acknowledge_iam: true } });
  expect(launch.status()).toBe(202);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/admin/default/gateways/${gw.id}/stack?refresh=1`)).json()) as { stack: { status: string } }).stack.status, { timeout: 60_000 })
    .toBe("CREATE_COMPLETE");
  await schedule(page.request);
  await page.goto(`/gateways/${gw.id}/apis`);
  const group = page.getByTestId(`group-${apiId}-prod`);
  await expect(group).toContainText(/connected to service/i, { timeout: 30_000 });
  const groups = ((await (await page.request.get(`/api/admin/default/gateways/${gw.id}/groups`)).json()) as { groups: { id: string; service_id: string | null }[] }).groups;
  expect(groups.find((g) => g.id === `${apiId}-prod`)?.service_id).toBeTruthy();
  expect(groups.every((g) => g.service_id !== null)).toBe(true);
});
