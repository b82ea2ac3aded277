import { expect, test } from "@playwright/test";
import { ADMIN } from "./env";
import { signIn, signInAsAdmin, unique } from "./helpers";

test("signing in with the local admin lands on the console", async ({ page }) => {
  await signInAsAdmin(page);
  await expect(page).toHaveURL(/\/gateways$/);
  await expect(page.getByRole("heading", { name: "Gateways" })).toBeVisible();
  await expect(page.getByRole("button", { name: /admin/ })).toBeVisible();
});

test("a wrong password shows an error and no session", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong username or password." })).toBeVisible();
  const me = await page.request.get("/api/admin/default/me");
  expect(me.status()).toBe(401);
});

test("pages need a session", async ({ page }) => {
  await page.goto("/settings/users");
  await expect(page).toHaveURL(/\/signin/);
});

test("a viewer cannot reach an admin action (403)", async ({ page, browser }) => {
  const username = unique("viewer");
  const password = "viewer-password-123";
  await signInAsAdmin(page);
  await page.goto("/settings/users");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId(`user-row-${username}`)).toBeVisible();

  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signIn(viewer, username, password);
  await viewer.goto("/settings/users");
  await expect(viewer.getByRole("alert").filter({ hasText: "needs the admin role" })).toBeVisible();
  const attempt = await viewer.request.post("/api/admin/default/users", {
    data: { username: unique("sneaky"), password: "sneaky-password-1", role: "admin" },
    headers: { Origin: new URL(viewer.url()).origin },
  });
  expect(attempt.status()).toBe(403);
  expect((await attempt.json()) as unknown).toMatchObject({ error: { code: "forbidden" } });
  await viewerContext.close();
});

test("sign-out ends the session", async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByRole("button", { name: /admin/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/gateways");
  await expect(page).toHaveURL(/\/signin/);
  expect((await page.request.get("/api/admin/default/me")).status()).toBe(401);
});

test("sign-in through OIDC single sign-on", async ({ page }) => {
  const login = unique("sso");
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  // oidc-provider's development login and consent screens
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
  await expect(page.getByRole("navigation", { name: "Sections" })).toBeVisible();
  const me = await page.request.get("/api/admin/default/me");
  expect(me.status()).toBe(200);
  expect((await me.json()) as unknown).toMatchObject({ username: login, role: "viewer" });
});

test("API tokens authenticate the admin API until revoked", async ({ page, playwright }) => {
  const name = unique("ci");
  await signInAsAdmin(page);
  await page.goto("/settings/tokens");
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("new-token-value").textContent()) ?? "";
  expect(secret).toMatch(/^gth_/);

  const client = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
  const ok = await client.get("/api/admin/default/users", { headers: { Authorization: `Bearer ${secret}` } });
  expect(ok.status()).toBe(200);

  await page.getByTestId(`token-row-${name}`).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke now" }).click();
  await expect(page.getByTestId(`token-row-${name}`)).toContainText("revoked");
  const revoked = await client.get("/api/admin/default/users", { headers: { Authorization: `Bearer ${secret}` } });
  expect(revoked.status()).toBe(401);
  await client.dispose();
});
