import { expect, test, type Page } from "@playwright/test";
import { ADMIN_API, origin, pushGroupsAsAuthorizer, restApiGroup } from "./admin-api";
import { CONSOLE_URL } from "./env";
import { signInAsAdmin, unique } from "./helpers";

/**
 * The real flow that gives us APIs: a gateway that binds new groups to services automatically,
 * and its authorizer (simulated) pushing the REST API stage it discovered.
 */
async function seedGatewayWithApis(page: Page, gatewayName: string, restApiId: string) {
  const created = await page.request.post(`${ADMIN_API}/gateways`, {
    data: { name: gatewayName, type: "aws", region: "eu-west-1", create_and_bind_services_automatically: true },
    headers: origin(page),
  });
  expect(created.status()).toBe(201);
  const gw = (await created.json()) as { id: string; issuer_url: string; client: { client_id: string; client_secret: string } };
  const authorizer = page.context().request;
  const accessToken = await pushGroupsAsAuthorizer(
    authorizer,
    gw.issuer_url,
    gw.client,
    [
      restApiGroup(restApiId, "Orders", [
        ["GET", "/orders"],
        ["POST", "/orders"],
      ]),
    ],
    { scope: "read_gateway_configuration write_gateway_configuration push_gateway_requests" },
  );
  const listed = await page.request.get(`${ADMIN_API}/apis?gateway_id=${gw.id}`);
  const { apis } = (await listed.json()) as { apis: { id: string; method: string; path: string }[] };
  expect(apis).toHaveLength(2);
  /** The authorizer reporting its decisions for an API (as `POST …/gateways/requests`). */
  const pushDecisions = async (apiId: string, results: ("AUTHORIZED" | "UNAUTHORIZED")[]) => {
    const res = await authorizer.post(`${CONSOLE_URL}/api/system/default/gateways/requests`, {
      headers: { Authorization: `Bearer ${accessToken}` },
      data: { events: results.map((result) => ({ api_id: apiId, duration_ms: 2, result: { result, failure: [] }, user_agent: "e2e" })) },
    });
    expect(res.status()).toBe(200);
  };
  return { gatewayId: gw.id, apis, pushDecisions };
}

test("create a policy visually, test it, assign it to an API, see that the gateway does not enforce it yet, and audited", async ({ page }) => {
  const policyName = unique("orders-read");
  const gatewayName = unique("gw-orders");
  const restApiId = Math.random().toString(36).slice(2, 12).padEnd(10, "x");
  await signInAsAdmin(page);
  const seeded = await seedGatewayWithApis(page, gatewayName, restApiId);
  const getOrders = seeded.apis.find((a) => a.method === "GET")!;
  await seeded.pushDecisions(getOrders.id, ["AUTHORIZED", "UNAUTHORIZED", "UNAUTHORIZED"]);

  // Policies: the built-ins are listed and marked.
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Policies" }).click();
  await expect(page.getByTestId("policy-row-Block API")).toContainText("built-in");
  await expect(page.getByTestId("policy-row-Allow")).toContainText("true (allow)");

  // Create with the visual editor: identity-context, scp contains orders.read.
  await page.getByRole("link", { name: "New policy" }).click();
  await page.getByLabel("Name").fill(policyName);
  await page.getByLabel("Description").fill("Callers need the orders.read scope");
  await page.getByLabel("Add validator").selectOption("identity-context");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByLabel("Field of validator 1 row 1").fill("scp");
  await page.getByLabel("Comparator of validator 1 row 1").selectOption("contains");
  await page.getByLabel("Value of validator 1 row 1").fill("orders.read");

  // The JSON view shows the same; invalid JSON there says so and leaves the visual editor alone.
  await page.getByRole("tab", { name: "JSON" }).click();
  const json = page.getByLabel("Validators (JSON)");
  await expect(json).toHaveValue(/"comparator": "contains"/);
  const valid = await json.inputValue();
  await json.fill("[{");
  await expect(page.getByRole("alert").filter({ hasText: "Not valid JSON" })).toBeVisible();
  await page.getByRole("tab", { name: "Visual editor" }).click();
  await expect(page.getByLabel("Value of validator 1 row 1")).toHaveValue("orders.read");
  await expect(page.getByRole("button", { name: "Create policy" })).toBeDisabled();
  await page.getByRole("tab", { name: "JSON" }).click();
  await json.fill(valid);
  await page.getByRole("tab", { name: "Visual editor" }).click();

  await page.getByRole("button", { name: "Create policy" }).click();
  await expect(page).toHaveURL(/\/policies\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: policyName })).toBeVisible();

  // Test policy: a request with the scope passes, one without it fails with the reason.
  const panel = page.getByRole("region", { name: "Test policy" });
  await panel.getByLabel("Path").fill("/orders");
  await panel.getByRole("button", { name: "+ Add header" }).click();
  await panel.getByLabel("Header 1 name").fill("x-request-id");
  await panel.getByLabel("Header 1 value").fill("abc");
  await panel.getByLabel("Authn context JSON").fill('{ "sub": "user-1", "scp": ["orders.read", "profile"] }');
  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("test-verdict")).toHaveText(/Allowed/);
  await expect(panel.getByTestId("test-validator-0")).toContainText("passed");

  await panel.getByLabel("Authn context JSON").fill('{ "sub": "user-1", "scp": ["orders.write"] }');
  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("test-verdict")).toHaveText(/Denied/);
  await expect(panel.getByTestId("test-validator-0")).toContainText("failed");
  await expect(panel.getByTestId("test-validator-0").getByRole("listitem").first()).not.toBeEmpty();

  // Enforcement › APIs: assign the policy to GET /orders of our gateway.
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "APIs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible();
  await page.getByLabel("Gateway").selectOption({ label: gatewayName });
  const row = page.getByRole("row").filter({ hasText: "/orders" }).filter({ hasText: "GET" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Orders · prod");
  await expect(row.getByTestId("api-status")).toHaveText("Unrestricted");
  // Its REST API does not exist in AWS: the console says it cannot tell, never "protected".
  await expect(row.getByTestId("api-enforcement")).toHaveAttribute("data-status", "unknown");
  // Its decisions of the last 24 h, and the chart over them.
  await expect(row.getByTestId("decisions-24h")).toHaveText("1 / 2");
  await expect(page.getByRole("region", { name: "Decisions over the last 24 hours" })).toContainText(/\d+ in total/);

  await row.getByRole("button", { name: "Edit GET /orders" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit GET /orders" });
  await dialog.getByLabel("Policy", { exact: true }).selectOption({ label: policyName });
  await dialog.getByRole("button", { name: "Update" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId("api-status")).toHaveText(policyName);
  await expect(row.getByTestId("api-enforcement")).not.toHaveAttribute("data-status", "enforced");
  await expect(page.getByRole("status").filter({ hasText: "Updated 1 API" })).toBeVisible();
  const other = page.getByRole("row").filter({ hasText: "/orders" }).filter({ hasText: "POST" });
  await expect(other.getByTestId("api-status")).toHaveText("Unrestricted");

  // The audit log has the assignment with its before → after.
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Audit log" }).click();
  const entry = page.getByTestId("audit-api.assign_policy").filter({ hasText: "GET /orders" }).first();
  await expect(entry).toContainText("admin");
  await expect(entry).toContainText('"Unrestricted"');
  await expect(entry).toContainText(`"${policyName}"`);
  await expect(page.getByTestId("audit-policy.create").filter({ hasText: policyName })).toBeVisible();
});
