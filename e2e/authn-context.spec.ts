import { expect, test, type Page, type Request } from "@playwright/test";
import { SAMPLE_AUTHN_CTX, SAMPLE_EVENT } from "../components/authn-context/sample";
import { signInAsAdmin } from "./helpers";

const LABEL = "authnCtx, Lambda event or JWT";

/** Pieces of the pasted value, and of what it decodes to, that must never appear in a request. */
const SECRETS = [
  "eyJhY3Ii", // how the authnCtx starts
  SAMPLE_AUTHN_CTX.slice(100, 140), // from its middle
  "e670f421-b047-4932-a0b2-3a433ad79469", // the decoded jti
  "qky1fzhg8oo6g10dlyqp", // the decoded tid
];

/** Records every request the page makes from now on. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on("request", (r) => requests.push(r));
  return requests;
}

function leaks(text: string | null | undefined): string[] {
  if (!text) return [];
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // not URL-encoded: check it as it is
  }
  return SECRETS.filter((s) => text.includes(s) || decoded.includes(s));
}

/** Fails listing each request whose URL, body or headers carry a piece of the input. */
async function expectNoLeak(page: Page, requests: Request[]): Promise<void> {
  // Requests are recorded when issued; give a debounced or deferred one time to be issued too.
  // (Not "networkidle": that fires once per navigation and never again after client-side routing.)
  await page.waitForTimeout(1_000);
  const found: string[] = [];
  for (const r of requests) {
    const headers = await r.allHeaders();
    const hits = [...leaks(r.url()), ...leaks(r.postData()), ...Object.values(headers).flatMap((v) => leaks(v))];
    if (hits.length > 0) found.push(`${r.method()} ${r.url()}: ${hits.join(", ")}`);
  }
  expect(found).toEqual([]);
  expect(leaks(page.url())).toEqual([]);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(leaks(stored)).toEqual([]);
}

/** The guide's sample claims, shown as decoded. */
async function expectSampleClaims(page: Page): Promise<void> {
  await expect(page.getByRole("table", { name: "Well-known claims" })).toBeVisible();
  const sub = page.getByTestId("claim-row-sub").getByRole("cell");
  await expect(sub.nth(0)).toHaveText("sub");
  await expect(sub.nth(1)).toHaveText("user");
  const tid = page.getByTestId("claim-row-tid").getByRole("cell");
  await expect(tid.nth(0)).toHaveText("tid");
  await expect(tid.nth(1)).toHaveText("qky1fzhg8oo6g10dlyqp");
  const exp = page.getByTestId("claim-row-exp");
  await expect(exp.getByTestId("time-utc-exp")).toHaveText(/\b2020\b/);
  await expect(exp.getByTestId("time-utc-exp")).toHaveText("26 Nov 2020, 12:15:50 UTC");
  await expect(exp.getByTestId("time-badge-exp")).toHaveText("Expired");
  await expect(exp.getByTestId("time-relative-exp")).toHaveText(/^expired .+ ago$/);
  await expect(page.getByTestId("validity-badge")).toHaveText("Expired");
  // (Next's route announcer is an empty role=alert of its own: look only for the decoder's error box.)
  await expect(page.locator("[data-error-code]")).toHaveCount(0);
}

test.describe("authn context decoder", () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test("is in the sidebar", async ({ page }) => {
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Authn context decoder" }).click();
    await expect(page).toHaveURL(/\/authn-context$/);
    await expect(page.getByRole("heading", { name: "Authn context decoder", level: 1 })).toBeVisible();
    await expect(page).toHaveTitle("Authn context decoder · Gatehouse");
    await expect(page.getByText("nothing you paste leaves this page")).toBeVisible();
  });

  test("decodes the guide's pasted Lambda event without sending it anywhere", async ({ page }) => {
    await page.goto("/authn-context");
    await expect(page.getByRole("heading", { name: "Authn context decoder", level: 1 })).toBeVisible();
    const requests = recordRequests(page);

    await page.getByLabel(LABEL).fill(SAMPLE_EVENT);
    await expectSampleClaims(page);
    await expect(page.getByRole("status").filter({ hasText: "requestContext.authorizer.authnCtx" })).toBeVisible();

    // the bare value too, and an error, all in place
    await page.getByLabel(LABEL).fill(`"${SAMPLE_AUTHN_CTX}"`);
    await expectSampleClaims(page);
    await page.getByLabel(LABEL).fill(`${SAMPLE_AUTHN_CTX.slice(0, 8)}!`);
    await expect(page.getByRole("alert").filter({ hasText: "not valid base64" })).toContainText('Character "!" (U+0021) at position 9');

    await expectNoLeak(page, requests);
  });

  test("decodes the sample loaded with one click without sending it anywhere", async ({ page }) => {
    await page.goto("/authn-context");
    await expect(page.getByRole("button", { name: "Load sample" })).toBeVisible();
    const requests = recordRequests(page);

    await page.getByRole("button", { name: "Load sample" }).click();
    await expect(page.getByLabel(LABEL)).toHaveValue(SAMPLE_EVENT);
    await expectSampleClaims(page);

    const tree = page.getByRole("group", { name: "Decoded JSON" });
    await page.getByRole("button", { name: "Collapse all" }).click();
    await expect(tree.getByRole("button", { name: "aud" })).toHaveAttribute("aria-expanded", "false");
    await page.getByRole("button", { name: "Expand all" }).click();
    await expect(tree.getByRole("button", { name: "aud" })).toHaveAttribute("aria-expanded", "true");

    await page.getByRole("button", { name: "Clear" }).click();
    await expect(page.getByLabel(LABEL)).toHaveValue("");
    await expect(page.getByRole("table", { name: "Well-known claims" })).toHaveCount(0);

    await expectNoLeak(page, requests);
  });
});
