import { expect, type Locator, type Page } from "@playwright/test";
import { ensurePetStore } from "../sandbox/petstore";
import { apiGateway } from "./aws";
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

/**
 * Connects a discovered API group (its row on the gateway's APIs page) to a new service and waits
 * until the row says so; returns when *Connect group* was clicked (for the specs' timings).
 */
export async function connectGroupToNewService(group: Locator): Promise<number> {
  await group.getByRole("button", { name: "Connect", exact: true }).click();
  await group.getByLabel("Create a new service").check();
  await group.getByRole("button", { name: "Connect group" }).click();
  const clickedAt = Date.now();
  await expect(group).toContainText(/connected to service/i);
  return clickedAt;
}

/**
 * The opening of the specs that send requests through the sandbox to a PetStore of their own: a
 * PetStore REST API named `unique(restApiPrefix)`, the admin signed in, a gateway with its stack
 * (createGatewayWithStack), discovery on demand (Sync now, not a minute's wait), and the
 * PetStore's prod group connected to a new service. `connectedAt`: when *Connect group* was clicked.
 */
export async function connectedPetStore(
  page: Page,
  restApiPrefix: string,
  gatewayPrefix: string,
): Promise<{ restApiName: string; apiId: string; gatewayId: string; gatewayName: string; connectedAt: number }> {
  const restApiName = unique(restApiPrefix);
  const { apiId } = await ensurePetStore(apiGateway, "prod", restApiName);
  const groupId = `${apiId}-prod`;
  await signInAsAdmin(page);

  const gatewayName = unique(gatewayPrefix);
  const gatewayId = await createGatewayWithStack(page, gatewayName);
  await page.goto(`/gateways/${gatewayId}/apis`);
  const enforcementPanel = page.getByRole("region", { name: "Enforcement at the gateway" });
  await enforcementPanel.getByRole("button", { name: "Sync now" }).click();
  await expect(enforcementPanel.getByTestId("sync-result")).toContainText("Synced", { timeout: 30_000 });
  await page.reload();
  const group = page.getByTestId(`group-${groupId}`);
  await expect(group).toBeVisible({ timeout: 30_000 });
  const connectedAt = await connectGroupToNewService(group);
  return { restApiName, apiId, gatewayId, gatewayName, connectedAt };
}
