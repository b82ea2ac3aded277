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
