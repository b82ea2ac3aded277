import { CreateDeploymentCommand, GetAuthorizersCommand, GetResourcesCommand, GetStagesCommand } from "@aws-sdk/client-api-gateway";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { apiGateway, sandboxStatus as status, schedule } from "./aws";
import { connectedPetStore, createGatewayWithStack, unique } from "./helpers";

/**
 * Enforcement truth, through the UI and the sandbox data plane (the real authorizer zip):
 * (1) connect → Block API → *Redeploy APIs* at once: the redeploy attaches before it deploys,
 *     so GET /pets answers 403 (not 200 from a snapshot taken before the authorizer attached)
 *     and the console says *Enforced*;
 * (2) a second gateway's authorizer in the same region, its schedule run three times, then every
 *     stage deployed outside the console: still 403 / 200, and each authorizer only on its own APIs.
 */
/** The function ARN each API Gateway authorizer on the REST API invokes, by authorizer id. */
async function authorizerFunctions(restApiId: string): Promise<Map<string, string>> {
  const items = (await apiGateway.send(new GetAuthorizersCommand({ restApiId }))).items ?? [];
  return new Map(items.map((a) => [a.id!, /functions\/(.+)\/invocations$/.exec(a.authorizerUri ?? "")?.[1] ?? ""]));
}

async function functionArnOf(request: APIRequestContext, gatewayId: string): Promise<string> {
  const res = await request.get(`/api/admin/default/gateways/${gatewayId}/enforcement`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { function_arn: string }).function_arn;
}

test("connect, Block API and Redeploy at once: 403 at the gateway, Enforced in the console; a second gateway never takes it over", async ({ page }) => {
  test.setTimeout(300_000);
  // A gateway, its stack, discovery on demand (Sync now, not a minute's wait), and Connect →
  // Block API on GET /pets → Redeploy APIs right away (a plain redeploy).
  const { restApiName, apiId, gatewayId, gatewayName, connectedAt } = await connectedPetStore(page, "PetStoreTruth", "truth");

  await page.goto("/enforcement/apis");
  await page.getByLabel("Gateway").selectOption({ label: gatewayName });
  const getPets = page.getByRole("row").filter({ hasText: restApiName }).filter({ hasText: "GET" }).filter({ has: page.getByText("/pets", { exact: true }) });
  await expect(getPets).toHaveCount(1);
  await getPets.getByRole("button", { name: "Edit GET /pets" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit GET /pets" });
  await dialog.getByLabel("Policy", { exact: true }).selectOption({ label: "Block API (built-in)" });
  await dialog.getByRole("button", { name: "Update" }).click();
  await expect(dialog).toBeHidden();

  await page.goto(`/gateways/${gatewayId}/quickstart`);
  await page.getByRole("button", { name: /^Redeploy APIs/ }).click();
  const job = page.getByTestId("redeploy-job").first();
  await expect(job).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });

  await expect.poll(() => status(apiId, "/pets"), { timeout: 30_000, intervals: [250] }).toBe(403);
  console.log(`[timing] Connect → Block API → Redeploy APIs (no wait, no Sync now) → 403 at the gateway: ${Date.now() - connectedAt} ms`);
  expect(await status(apiId, "/pets/7")).toBe(200);

  // A policy change needs no deployment (cache TTL 0): live at the authorizer's next reload.
  const pet = (await (await page.request.get(`/api/admin/default/apis?gateway_id=${gatewayId}`)).json()) as { apis: { id: string; method: string; path: string; version: number }[] };
  const getPet = pet.apis.find((a) => a.method === "GET" && a.path === "/pets/{petId}")!;
  const blockId = ((await (await page.request.get("/api/admin/default/policies")).json()) as { policies: { id: string; builtin: string | null }[] }).policies.find((p) => p.builtin === "block")!.id;
  const changedAt = Date.now();
  expect((await page.request.put(`/api/admin/default/apis/${getPet.id}`, { data: { policy_id: blockId, version: getPet.version } })).status()).toBe(200);
  await expect.poll(() => status(apiId, "/pets/7"), { timeout: 30_000, intervals: [250] }).toBe(403);
  console.log(`[timing] policy change → 403 at the gateway: ${Date.now() - changedAt} ms`);
  const cleared = (await (await page.request.get(`/api/admin/default/apis?gateway_id=${gatewayId}`)).json()) as { apis: { id: string; method: string; path: string; version: number }[] };
  const again = cleared.apis.find((a) => a.id === getPet.id)!;
  expect((await page.request.put(`/api/admin/default/apis/${getPet.id}`, { data: { policy_id: null, version: again.version } })).status()).toBe(200);
  await expect.poll(() => status(apiId, "/pets/7"), { timeout: 30_000, intervals: [250] }).toBe(200);

  // The console reads the same from AWS: Enforced, nothing open, nothing behind.
  await page.goto("/enforcement/apis");
  await expect
    .poll(
      async () => {
        await page.reload();
        return getPets.getByTestId("api-enforcement").getAttribute("data-status");
      },
      { timeout: 60_000, intervals: [2000] },
    )
    .toBe("enforced");
  const overview = (await (await page.request.get(`/api/admin/default/gateways/${gatewayId}/enforcement`)).json()) as { summary: { open_at_gateway: number; pending_redeploy: number } };
  expect(overview.summary).toMatchObject({ open_at_gateway: 0, pending_redeploy: 0 });

  // (2) A second gateway (auto-bind off, nothing connected) with its stack in the same region.
  const second = await createGatewayWithStack(page, unique("truth-second"));
  for (let i = 0; i < 3; i++) await schedule(page.request);
  // Every stage deployed, as a CI pipeline or a person would.
  for (const s of (await apiGateway.send(new GetStagesCommand({ restApiId: apiId }))).item ?? []) {
    await apiGateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: s.stageName! }));
  }
  expect(await status(apiId, "/pets")).toBe(403);
  expect(await status(apiId, "/pets/7")).toBe(200);

  // Each authorizer is on its own APIs only: every attached method of this REST API uses the first gateway's function.
  const first = await functionArnOf(page.request, gatewayId);
  const secondFn = await functionArnOf(page.request, second);
  expect(first).toBeTruthy();
  expect(secondFn).toBeTruthy();
  const owners = await authorizerFunctions(apiId);
  const resources = (await apiGateway.send(new GetResourcesCommand({ restApiId: apiId, embed: ["methods"] }))).items ?? [];
  const used = resources.flatMap((r) => Object.values(r.resourceMethods ?? {}).filter((m) => m.authorizationType === "CUSTOM").map((m) => owners.get(m.authorizerId ?? "")));
  expect(used.length).toBeGreaterThanOrEqual(4);
  expect(new Set(used)).toEqual(new Set([first]));
  expect([...owners.values()]).not.toContain(secondFn);

  // The first gateway's page still says Enforced after the second one's syncs.
  await page.goto("/enforcement/apis");
  await page.getByRole("button", { name: "Refresh" }).first().click();
  await expect.poll(async () => {
    await page.reload();
    return getPets.getByTestId("api-enforcement").getAttribute("data-status");
  }, { timeout: 30_000, intervals: [2000] }).toBe("enforced");
});
