import { test } from "@playwright/test";
import { signInAsAdmin, unique } from "./helpers";

test("h6 screenshots", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAsAdmin(page);
  const res = await page.request.post("/api/admin/default/gateways", { data: { name: unique("shot"), type: "aws", region: "us-east-1" } });
  const gw = (await res.json()) as { id: string };
  await page.goto(`/gateways/${gw.id}/quickstart`);
  await page.getByRole("region", { name: "Deploy authorizer" }).waitFor();
  await page.screenshot({ path: "/tmp/h6/quickstart-before.png", fullPage: true });
  await page.getByRole("checkbox", { name: /acknowledge/ }).check();
  await page.getByRole("button", { name: "Launch stack" }).click();
  await page.getByTestId("stack-status").filter({ hasText: "CREATE_COMPLETE" }).waitFor({ timeout: 60_000 });
  await page.getByRole("button", { name: "Delete stack" }).click();
  await page.screenshot({ path: "/tmp/h6/quickstart-after.png", fullPage: true });
  await page.goto("/settings/aws");
  await page.getByText("Who the console acts as").waitFor();
  await page.getByText("Account").first().waitFor();
  await page.screenshot({ path: "/tmp/h6/settings-aws.png", fullPage: true });
});
