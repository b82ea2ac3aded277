import { expect, type Page } from "@playwright/test";
import { ADMIN } from "./env";

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("navigation", { name: "Sections" })).toBeVisible();
}

export async function signInAsAdmin(page: Page): Promise<void> {
  await signIn(page, ADMIN.username, ADMIN.password);
}

/** A name no other test (or earlier run) used. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

/** Creates a gateway in the UI (auto-bind off), launches its authorizer stack and waits for it; returns its id. */
export async function createGatewayWithStack(page: Page, name: string): Promise<string> {
  await page.goto("/gateways/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("form", { name: "Create gateway" }).getByRole("button", { name: "Create gateway" }).click();
  await expect(page).toHaveURL(/\/gateways\/[0-9a-f-]+\/quickstart/);
  const gatewayId = /\/gateways\/([0-9a-f-]+)\//.exec(page.url())![1]!;
  const panel = page.getByRole("region", { name: "Deploy authorizer" });
  const form = panel.getByRole("form", { name: "Launch stack" });
  await form.getByRole("checkbox", { name: /acknowledge that AWS CloudFormation might create IAM resources/ }).check();
  await form.getByRole("button", { name: "Launch stack" }).click();
  await expect(panel.getByTestId("stack-status")).toHaveText("CREATE_COMPLETE", { timeout: 60_000 });
  return gatewayId;
}
