import { expect, test, type Page } from "@playwright/test";
import { sandboxStatus as status, schedule } from "./aws";
import { connectedPetStore } from "./helpers";

/**
 * Shadow policies through the UI and the sandbox data plane (the real authorizer zip,
 * docs/shadow-policies.md): a shadow *Block API* on GET /pets lets 20 anonymous requests through
 * (200), the console counts 20 would-deny for that API, and *Promote to enforced* makes the
 * authorizer answer 403 after its next reload.
 */
interface ApiRow {
  id: string;
  method: string;
  path: string;
  shadow_24h: { total: number; would_deny: number; broken: number } | null;
}

async function apisOf(page: Page, gatewayId: string): Promise<ApiRow[]> {
  const res = await page.request.get(`/api/admin/default/apis?gateway_id=${gatewayId}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { apis: ApiRow[] }).apis;
}

test("a shadow Block API on GET /pets: 20 anonymous requests all 200, 20 would-deny in the console; Promote to enforced → 403", async ({ page }) => {
  test.setTimeout(300_000);
  const { restApiName, apiId, gatewayId, gatewayName } = await connectedPetStore(page, "PetStoreShadow", "shadow");

  // The bulk action: Block API as the shadow policy of GET /pets and GET /pets/{petId}, in one
  // write (one configuration revision), their enforced policy staying Unrestricted.
  await page.goto("/enforcement/apis");
  await page.getByLabel("Gateway").selectOption({ label: gatewayName });
  // Scoped to this gateway's rows: another spec's auto-bind gateway in the same region may
  // discover the same REST API (the scheduled runs below sync every gateway) and list it too.
  const row = (path: string) =>
    page
      .getByRole("row")
      .filter({ hasText: restApiName })
      .filter({ has: page.getByRole("cell", { name: gatewayName, exact: true }) })
      .filter({ hasText: "GET" })
      .filter({ has: page.getByText(path, { exact: true }) });
  const getPets = row("/pets");
  await expect(getPets).toHaveCount(1);
  await getPets.getByLabel("Select GET /pets").check();
  await row("/pets/{petId}").getByLabel("Select GET /pets/{petId}").check();
  await page.getByRole("button", { name: "Assign policy to selected (2)" }).click();
  const dialog = page.getByRole("dialog", { name: "Assign a policy to 2 APIs" });
  await dialog.getByLabel("Shadow policy").selectOption({ label: "Block API (built-in)" });
  await dialog.getByRole("button", { name: "Update" }).click();
  await expect(dialog).toBeHidden();
  await expect(getPets.getByTestId("shadow-policy")).toHaveText("Block API");
  await expect(getPets.getByTestId("api-status")).toHaveText("Unrestricted");

  // Redeploy attaches the authorizer to the group's methods (Unrestricted ones too).
  await page.goto(`/gateways/${gatewayId}/quickstart`);
  await page.getByRole("button", { name: /^Redeploy APIs/ }).click();
  await expect(page.getByTestId("redeploy-job").first()).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });

  // Probe GET /pets/{petId} until the authorizer reports its shadow result: from then on it holds
  // the revision with both shadows, and every GET /pets decision is evaluated against its shadow.
  const probe = (await apisOf(page, gatewayId)).find((a) => a.method === "GET" && a.path === "/pets/{petId}")!;
  await expect
    .poll(
      async () => {
        expect(await status(apiId, "/pets/7")).toBe(200);
        return (await apisOf(page, gatewayId)).find((a) => a.id === probe.id)?.shadow_24h?.would_deny ?? 0;
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBeGreaterThan(0);

  // 20 anonymous requests: the shadow Block API decides nothing, all 200. Paced within the
  // gateway's analytics budget (events_per_second 10), so the authorizer drops no event.
  const answers: number[] = [];
  for (let i = 0; i < 20; i++) {
    answers.push(await status(apiId, "/pets"));
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(answers).toEqual(Array.from({ length: 20 }, () => 200));

  // The console counts them as would-deny. A frozen function pushes its queued events on its next
  // invocation: the scheduled run (as EventBridge makes it) drains the queue.
  await page.goto("/enforcement/apis");
  await page.getByLabel("Gateway").selectOption({ label: gatewayName });
  await expect
    .poll(
      async () => {
        await schedule(page.request);
        await page.reload();
        return getPets.getByTestId("shadow-would-deny").textContent({ timeout: 10_000 });
      },
      { timeout: 60_000, intervals: [2000] },
    )
    .toBe("would deny 20 of 20");
  await expect(getPets.getByTestId("shadow-invoked-only")).toHaveCount(0);

  // Promote to enforced: the shadow becomes the policy; after the authorizer's reload, 403.
  await getPets.getByRole("button", { name: "Promote the shadow policy of GET /pets to enforced" }).click();
  await expect(page.getByText("Block API is now the enforced policy of GET /pets.", { exact: false })).toBeVisible();
  await expect(getPets.getByTestId("api-status")).toHaveText("Block API");
  await expect(getPets.getByTestId("shadow-24h")).toHaveText("—");
  await expect.poll(() => status(apiId, "/pets"), { timeout: 30_000, intervals: [250] }).toBe(403);
  expect(await status(apiId, "/pets/7")).toBe(200);
});
