import { expect, test } from "@playwright/test";
import { signInAsAdmin, unique } from "./helpers";

/**
 * Rough edges a user hit, against the built console and its real API answers: a 422 field error
 * at its field in a user's words and gone once fixed; Copy on a minted test token; the favicon.
 */
test("a favicon is served, at /favicon.ico and as the page's icon", async ({ page, request }) => {
  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  await page.goto("/signin");
  const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const svg = await request.get(href!);
  expect(svg.status()).toBe(200);
  expect(await svg.text()).toContain("<svg");
});

test("creating a gateway named only spaces: the API's error shows at Name in a user's words, and goes once the name is fixed", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto("/gateways/new");
  const form = page.getByRole("form", { name: "Create gateway" });
  const name = form.getByLabel("Name", { exact: true });
  await name.fill("   ");
  await form.getByRole("button", { name: "Create gateway" }).click();

  await expect(form.getByText("Give it a name.")).toBeVisible();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("alert").filter({ hasText: "Check the marked field." })).toBeVisible();
  await expect(form).not.toContainText("The request body is invalid");
  await expect(form).not.toContainText("(name:");

  await name.fill(unique("fixed"));
  await expect(form.getByText("Give it a name.")).toHaveCount(0);
  await expect(form.getByText("Check the marked field.")).toHaveCount(0);
  await expect(name).not.toHaveAttribute("aria-invalid", "true");
  await form.getByRole("button", { name: "Create gateway" }).click();
  await expect(page).toHaveURL(/\/gateways\/[0-9a-f-]+\/quickstart/);
});

test("a minted test token has a Copy button that copies it", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAsAdmin(page);
  expect((await page.request.put("/api/admin/default/test-issuer", { data: { enabled: true } })).status()).toBe(200);
  await page.goto("/settings/test-tokens");
  const form = page.getByRole("form", { name: "Mint a test token" });
  await form.getByLabel("Scopes").fill("pets.read");
  await form.getByRole("button", { name: "Mint token" }).click();
  const token = await form.getByLabel("Minted test token").inputValue();
  expect(token.split(".")).toHaveLength(3);
  await form.getByRole("button", { name: "Copy test token" }).click();
  await expect(form.getByRole("button", { name: "Copy test token" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
});
