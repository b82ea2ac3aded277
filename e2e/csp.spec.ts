import { expect, test, type Page } from "@playwright/test";
import { SAMPLE_EVENT } from "../components/authn-context/sample";
import { signInAsAdmin } from "./helpers";

/**
 * Every page runs under the console's Content-Security-Policy (proxy.ts) without a violation:
 * the browser reports none while the pages load and while the decoder decodes in the page.
 */
const PAGES = [
  "/gateways", "/gateways/new", "/authn-context", "/policies", "/policies/new", "/services", "/enforcement/apis", "/audit",
  "/settings", "/settings/users", "/settings/tokens", "/settings/aws", "/settings/identity-sources", "/settings/test-tokens", "/no-such-page",
];

function recordViolations(page: Page): string[] {
  const found: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) found.push(`${page.url()}: ${m.text()}`);
  });
  return found;
}

test("every page loads without a CSP violation, the decoder decodes under it", async ({ page }) => {
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) => console.log(`Refused to: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  const violations = recordViolations(page);
  await page.goto("/signin");
  await signInAsAdmin(page);
  for (const path of PAGES) {
    const res = await page.goto(path);
    expect(res?.headers()["content-security-policy"], path).toContain("'strict-dynamic'");
    await page.waitForLoadState("networkidle");
  }
  await page.goto("/authn-context");
  await page.getByLabel("authnCtx, Lambda event or JWT").fill(SAMPLE_EVENT);
  await expect(page.getByRole("table", { name: "Well-known claims" })).toBeVisible();
  expect(violations).toEqual([]);
});
