import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN_API, origin, pushGroupsAsAuthorizer, restApiGroup, type CreatedGateway } from "./admin-api";
import { OIDC_ISSUER } from "./env";
import { signIn, signInAsAdmin, unique } from "./helpers";

const CONFIG_SCOPES = "read_gateway_configuration write_gateway_configuration";

/** An AWS-looking REST API id, different in every test. */
function apiId(): string {
  return Math.random().toString(36).slice(2, 12).padEnd(10, "x");
}

const petStoreGroup = (restApiId: string) =>
  restApiGroup(restApiId, "PetStore", [
    ["GET", "/pets"],
    ["POST", "/pets"],
    ["GET", "/pets/{petId}"],
  ]);

async function tokenFor(request: APIRequestContext, tokenEndpoint: string, clientId: string, clientSecret: string) {
  return request.post(tokenEndpoint, {
    form: { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, scope: CONFIG_SCOPES },
  });
}

/** What the authorizer does after discovery: sign in with the client credentials, read its configuration, push its API groups. */
async function pushGroups(request: APIRequestContext, issuerUrl: string, client: { client_id: string; client_secret: string }, groups: unknown[]) {
  await pushGroupsAsAuthorizer(request, issuerUrl, client, groups, { scope: CONFIG_SCOPES, fetchConfigurationFirst: true });
}

async function createGatewayViaApi(page: Page, name: string): Promise<CreatedGateway> {
  const res = await page.request.post(`${ADMIN_API}/gateways`, {
    data: { name, type: "aws", region: "eu-west-1" },
    headers: origin(page),
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as CreatedGateway;
}

/** A gateway made over the admin API whose authorizer pushed a PetStore REST API (not connected). */
async function gatewayWithPetStore(page: Page, namePrefix: string): Promise<{ gateway: CreatedGateway; restApiId: string }> {
  const gateway = await createGatewayViaApi(page, unique(namePrefix));
  const restApiId = apiId();
  await pushGroups(page.request, gateway.issuer_url, gateway.client, [petStoreGroup(restApiId)]);
  return { gateway, restApiId };
}

test("create a gateway, reveal, copy and rotate its secret, connect a pushed API group to a new service", async ({ page, context, playwright }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const name = unique("gw");
  await signInAsAdmin(page);

  // Create in the UI.
  await page.goto("/gateways");
  await page.getByRole("link", { name: "Create gateway" }).click();
  await expect(page.getByRole("heading", { name: "Create gateway" })).toBeVisible();
  await expect(page.getByRole("radio", { name: /Amazon API Gateway/ })).toBeChecked();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Description").fill("Protects the PetStore API");
  await page.getByLabel("AWS region").selectOption("eu-west-1");
  await expect(page.getByRole("note")).toContainText("It is recommended to use only one Lambda Authorizer");
  await page.getByRole("button", { name: "Create gateway" }).click();

  await expect(page).toHaveURL(/\/gateways\/[0-9a-f-]{36}\/quickstart$/);
  const gatewayId = /\/gateways\/([0-9a-f-]{36})\//.exec(page.url())?.[1] ?? "";
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "client secret is available in" })).toBeVisible();
  await expect(page.getByText("never connected").first()).toBeVisible();

  // Settings: reveal the secret, compare it with the admin API, copy it.
  await page.getByRole("navigation", { name: "Gateway" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(new RegExp(`/gateways/${gatewayId}/settings$`));
  const secretBox = page.getByTestId("client-secret");
  await expect(secretBox).toContainText("•");
  await page.getByRole("button", { name: "Reveal" }).click();
  await expect(secretBox).not.toContainText("•");
  const secret = (await secretBox.textContent())?.trim() ?? "";
  expect(secret.length).toBeGreaterThanOrEqual(32);

  const clientRes = await page.request.get(`${ADMIN_API}/gateways/${gatewayId}/client`);
  expect(clientRes.status()).toBe(200);
  const client = (await clientRes.json()) as { client_id: string; client_secret: string; token_endpoint: string; issuer_url: string };
  expect(client.client_secret).toBe(secret);
  await expect(page.getByTestId("client-id")).toHaveText(client.client_id);
  await expect(page.getByTestId("token-endpoint")).toHaveText(client.token_endpoint);

  await page.getByRole("button", { name: "Copy client secret" }).click();
  await expect(page.getByRole("button", { name: "Copy client secret" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

  // Rotate: a new secret is shown and the old one stops working at once.
  await page.getByRole("button", { name: "Rotate", exact: true }).click();
  await expect(page.getByRole("group", { name: "Rotate client secret" })).toContainText("stops working at once");
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await expect(page.getByRole("status").filter({ hasText: "New secret issued" })).toBeVisible();
  await expect(secretBox).not.toHaveText(secret);
  const newSecret = (await secretBox.textContent())?.trim() ?? "";
  expect(newSecret.length).toBeGreaterThanOrEqual(32);
  expect(newSecret).not.toContain("•");

  const authorizer = await playwright.request.newContext();
  const oldToken = await tokenFor(authorizer, client.token_endpoint, client.client_id, secret);
  expect(oldToken.status()).toBe(401);
  expect((await oldToken.json()) as unknown).toMatchObject({ error: "invalid_client" });

  // The authorizer (simulated) pushes what it discovered, with the new secret.
  const restApiId = apiId();
  const groupId = `${restApiId}-prod`;
  await pushGroups(authorizer, client.issuer_url, { client_id: client.client_id, client_secret: newSecret }, [petStoreGroup(restApiId)]);
  await authorizer.dispose();

  // APIs tab: the group is there, not connected; connect it to a new service.
  await page.getByRole("navigation", { name: "Gateway" }).getByRole("link", { name: "APIs" }).click();
  const group = page.getByTestId(`group-${groupId}`);
  await expect(group).toContainText("PetStore");
  await expect(group).toContainText("prod");
  await expect(group).toContainText(restApiId);
  await expect(group).toContainText("3 APIs");
  await expect(group).toContainText("not connected");
  await group.getByRole("button", { name: "Show APIs" }).click();
  await expect(group.getByRole("table")).toContainText("/pets/{petId}");

  const serviceName = unique("petstore");
  await group.getByRole("button", { name: "Connect", exact: true }).click();
  await group.getByLabel("Create a new service").check();
  await expect(group.getByLabel("Service name")).toHaveValue("PetStore (prod)");
  await group.getByLabel("Service name").fill(serviceName);
  await group.getByLabel("Service description").fill("The PetStore stage prod");
  await group.getByRole("button", { name: "Connect group" }).click();
  await expect(group).toContainText(`connected to service ${serviceName}`);
  await expect(group.getByRole("button", { name: "Connect", exact: true })).toHaveCount(0);

  // The gateway list counts the group as connected.
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Gateways" }).click();
  const row = page.getByTestId(`gateway-row-${name}`);
  await expect(row.getByTestId("groups-count")).toHaveText("1 of 1 connected");
  await expect(row).toContainText("connected · last active");

  // The service shows the group's APIs, all Unrestricted.
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Services" }).click();
  const service = page.getByTestId(`service-row-${serviceName}`);
  await expect(service).toContainText(name);
  await service.getByRole("button", { name: /Show APIs/ }).click();
  await expect(service.getByRole("table")).toContainText("/pets/{petId}");
  await expect(service.getByRole("table").getByText("Unrestricted")).toHaveCount(3);

  // Disconnect (with confirmation) makes it "not connected" again.
  await page.goto(`/gateways/${gatewayId}/apis`);
  await group.getByRole("button", { name: "Disconnect", exact: true }).click();
  await group.getByRole("button", { name: "Disconnect now" }).click();
  await expect(group).toContainText("not connected");
});

test("a viewer sees gateways, groups and services but no Create, Connect, Reveal or Delete", async ({ page, browser }) => {
  await signInAsAdmin(page);
  const { gateway, restApiId } = await gatewayWithPetStore(page, "gw-viewer");

  const username = unique("viewer");
  const password = "viewer-password-123";
  const created = await page.request.post(`${ADMIN_API}/users`, { data: { username, password, role: "viewer" }, headers: origin(page) });
  expect(created.status()).toBe(201);

  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signIn(viewer, username, password);

  await viewer.goto("/gateways");
  await expect(viewer.getByTestId(`gateway-row-${gateway.name}`)).toContainText("0 of 1 connected");
  await expect(viewer.getByRole("link", { name: "Create gateway" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Create gateway" })).toHaveCount(0);

  await viewer.goto(`/gateways/${gateway.id}/apis`);
  const group = viewer.getByTestId(`group-${restApiId}-prod`);
  await expect(group).toContainText("not connected");
  await expect(viewer.getByRole("button", { name: "Connect" })).toHaveCount(0);

  await viewer.goto(`/gateways/${gateway.id}/settings`);
  await expect(viewer.getByTestId("client-id")).toHaveText(gateway.client.client_id);
  await expect(viewer.getByText("Only admins can reveal")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Reveal" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Rotate", exact: true })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Delete gateway" })).toHaveCount(0);
  await expect(viewer.getByLabel("LOGGING_LEVEL")).toBeDisabled();

  await viewer.goto("/services");
  await expect(viewer.getByRole("heading", { name: "Services" })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Create service" })).toHaveCount(0);

  const sneaky = await viewer.request.get(`${ADMIN_API}/gateways/${gateway.id}/client`);
  expect(sneaky.status()).toBe(403);
  await viewerContext.close();
});

test("settings are saved with their version; a concurrent change is a conflict that keeps the edits", async ({ page }) => {
  await signInAsAdmin(page);
  const gateway = await createGatewayViaApi(page, unique("gw-settings"));
  await page.goto(`/gateways/${gateway.id}/settings`);

  const logging = page.getByLabel("LOGGING_LEVEL");
  await expect(logging).toHaveValue("info");
  await logging.selectOption("debug");
  await page.getByLabel("ACP_RELOAD_INTERVAL").fill("5 seconds");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "ACP_RELOAD_INTERVAL" })).toBeVisible();
  await page.getByLabel("ACP_RELOAD_INTERVAL").fill("30s");
  await page.getByLabel("AUTHORIZER_CACHE_TTL").fill("60");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByTestId("setting-row-LOGGING_LEVEL")).toContainText("changed");
  await expect(page.getByTestId("setting-row-ANALYTICS_ENABLED")).not.toContainText("changed");

  const saved = (await (await page.request.get(`${ADMIN_API}/gateways/${gateway.id}`)).json()) as {
    version: number;
    settings: Record<string, unknown>;
  };
  expect(saved.settings).toMatchObject({ LOGGING_LEVEL: "debug", ACP_RELOAD_INTERVAL: "30s", AUTHORIZER_CACHE_TTL: 60 });

  // Someone else changes the gateway while this form has edits in progress.
  const myName = unique("gw-mine");
  await page.getByLabel("Name", { exact: true }).fill(myName);
  const theirs = await page.request.put(`${ADMIN_API}/gateways/${gateway.id}`, {
    data: { version: saved.version, description: "changed elsewhere" },
    headers: origin(page),
  });
  expect(theirs.status()).toBe(200);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This gateway was changed by someone else meanwhile." })).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(myName);
  const after = (await (await page.request.get(`${ADMIN_API}/gateways/${gateway.id}`)).json()) as { name: string; description: string };
  expect(after).toMatchObject({ name: gateway.name, description: "changed elsewhere" });

  await page.getByRole("button", { name: "Reload" }).click();
  await expect(page.getByLabel("Description")).toHaveValue("changed elsewhere");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(gateway.name);
  await expect(page.getByRole("status").filter({ hasText: "Edits to re-apply" })).toContainText(myName);
});

test("deleting a gateway needs its name typed and keeps its services", async ({ page }) => {
  await signInAsAdmin(page);
  const { gateway, restApiId } = await gatewayWithPetStore(page, "gw-delete");
  const serviceName = unique("kept");
  const bind = await page.request.post(`${ADMIN_API}/gateways/${gateway.id}/groups/${encodeURIComponent(`${restApiId}-prod`)}/bind`, {
    data: { service: { name: serviceName } },
    headers: origin(page),
  });
  expect(bind.status()).toBe(200);

  await page.goto(`/gateways/${gateway.id}`);
  await expect(page).toHaveURL(new RegExp(`/gateways/${gateway.id}/quickstart$`));
  await page.getByRole("navigation", { name: "Gateway" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Delete gateway" }).click();
  const confirm = page.getByRole("button", { name: "Delete this gateway" });
  await expect(confirm).toBeDisabled();
  await page.getByLabel(/to confirm/).fill("not the name");
  await expect(confirm).toBeDisabled();
  await page.getByLabel(/to confirm/).fill(gateway.name);
  await confirm.click();
  await expect(page).toHaveURL(/\/gateways$/);
  await expect(page.getByTestId(`gateway-row-${gateway.name}`)).toHaveCount(0);
  expect((await page.request.get(`${ADMIN_API}/gateways/${gateway.id}`)).status()).toBe(404);

  await page.goto("/services");
  await expect(page.getByTestId(`service-row-${serviceName}`)).toContainText("no API group");
});

test("services: create, rename, refuse to delete while bound, delete", async ({ page }) => {
  await signInAsAdmin(page);
  const { gateway, restApiId } = await gatewayWithPetStore(page, "gw-svc");

  const first = unique("svc");
  await page.goto("/services");
  await page.getByLabel("Service name").fill(first);
  await page.getByLabel("Description").fill("made by hand");
  await page.getByRole("button", { name: "Create service" }).click();
  const row = page.getByTestId(`service-row-${first}`);
  await expect(row).toContainText("made by hand");

  const renamed = unique("svc-renamed");
  await row.getByRole("button", { name: "Rename" }).click();
  await row.getByLabel(`New name of ${first}`).fill(renamed);
  await row.getByRole("button", { name: "Save" }).click();
  const renamedRow = page.getByTestId(`service-row-${renamed}`);
  await expect(renamedRow).toBeVisible();

  // Bind it to the group from the gateway's APIs tab (existing service), then try to delete it.
  await page.goto(`/gateways/${gateway.id}/apis`);
  const group = page.getByTestId(`group-${restApiId}-prod`);
  await group.getByRole("button", { name: "Connect", exact: true }).click();
  await group.getByLabel("Existing service").check();
  await group.getByLabel("Service", { exact: true }).selectOption({ label: renamed });
  await group.getByRole("button", { name: "Connect group" }).click();
  await expect(group).toContainText(`connected to service ${renamed}`);

  await page.goto("/services");
  await renamedRow.getByRole("button", { name: "Delete", exact: true }).click();
  await renamedRow.getByRole("button", { name: `Delete ${renamed}` }).click();
  await expect(renamedRow.getByRole("alert")).toBeVisible();
  await expect(renamedRow).toBeVisible();

  await page.goto(`/gateways/${gateway.id}/apis`);
  await group.getByRole("button", { name: "Disconnect", exact: true }).click();
  await group.getByRole("button", { name: "Disconnect now" }).click();
  await expect(group).toContainText("not connected");

  await page.goto("/services");
  await renamedRow.getByRole("button", { name: "Delete", exact: true }).click();
  await renamedRow.getByRole("button", { name: `Delete ${renamed}` }).click();
  await expect(renamedRow).toHaveCount(0);
});

test("identity sources: add an issuer from its discovery document, disable it, remove it", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto("/settings/identity-sources");
  await page.getByLabel("Issuer URL").fill(OIDC_ISSUER);
  await page.getByLabel(/Accepted audiences/).fill("petstore, orders");
  await page.getByLabel(/opaque tokens/).check();
  await page.getByLabel("Introspection endpoint").fill(`${OIDC_ISSUER}/token/introspection`);
  await page.getByLabel("Introspection client ID").fill("introspector");
  await page.getByLabel("Introspection client secret").fill("introspection-secret-value");
  await page.getByRole("button", { name: "Add issuer" }).click();

  const row = page.getByTestId(`issuer-row-${OIDC_ISSUER}`);
  await expect(row).toContainText(`${OIDC_ISSUER}/jwks`);
  await expect(row).toContainText("petstore");
  await expect(row).toContainText("orders");
  await expect(row).toContainText("secret set");
  await expect(row).toContainText("enabled");
  await expect(page.getByText("introspection-secret-value")).toHaveCount(0);

  await row.getByRole("button", { name: `Disable ${OIDC_ISSUER}` }).click();
  await expect(row).toContainText("disabled");
  await row.getByRole("button", { name: "Remove" }).click();
  await row.getByRole("button", { name: "Remove issuer" }).click();
  await expect(row).toHaveCount(0);
});
