// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApisDashboard } from "./apis-dashboard";
import type { ApiView } from "./types";

function apiView(id: string, method: string, path: string, version: number): ApiView {
  return {
    id,
    service_id: "svc-1",
    service_name: "Orders",
    gateway_id: "gw-1",
    gateway_name: "edge",
    rest_api: { api_id: "a1", api_name: "Orders", stage: "prod" },
    method,
    path,
    policy_id: null,
    policy_name: null,
    status: "unrestricted",
    enforcement: { code: "unrestricted", reason: "Attached and deployed; no policy.", checked_at: "2026-01-01T00:00:00.000Z", live_at: null, cached_until: null },
    pending_redeploy: false,
    policy_changed_at: null,
    decisions_24h: { authorized: 0, unauthorized: 0 },
    shadow_policy_id: null,
    shadow_policy_name: null,
    shadow_24h: null,
    shadow_counts_invoked_only: false,
    version,
  };
}

const APIS = [apiView("api-1", "GET", "/orders", 3), apiView("api-2", "POST", "/orders", 7)];
const POLICIES = [{ id: "pol-1", policy_name: "orders-read", builtin: null }];
let assignAnswer: { status: number; body: unknown };
let shown: ApiView[] = APIS;
const calls: { url: string; method: string; body: unknown }[] = [];

beforeEach(() => {
  calls.length = 0;
  shown = APIS;
  vi.stubGlobal("fetch", (url: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    calls.push({ url, method, body: typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined });
    let a: { status: number; body: unknown } = { status: 404, body: { error: { code: "not_found", message: "no" } } };
    if (url.endsWith("/apis/assign")) a = assignAnswer;
    else if (url.endsWith("/promote-shadow")) a = { status: 200, body: shown[0] };
    else if (url.includes("/apis/") && method === "PUT") a = { status: 200, body: shown[0] };
    else if (url.includes("/apis")) a = { status: 200, body: { apis: shown, summary: { protected: 0, with_policy: 0, unrestricted: 2, open_at_gateway: 0, pending_redeploy: 0, checked_at: null } } };
    else if (url.endsWith("/policies")) a = { status: 200, body: { policies: POLICIES } };
    else if (url.includes("/decisions")) a = { status: 200, body: { buckets: [] } };
    return Promise.resolve(new Response(JSON.stringify(a.body), { status: a.status }));
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderDashboard(canEdit: boolean) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={qc}><ApisDashboard canEdit={canEdit} /></QueryClientProvider>);
}

describe("ApisDashboard", () => {
  it("bulk-assigns a policy to the selected APIs with the versions it showed", async () => {
    assignAnswer = { status: 200, body: { apis: [] } };
    const user = userEvent.setup();
    renderDashboard(true);
    await user.click(await screen.findByLabelText("Select GET /orders"));
    await user.click(screen.getByLabelText("Select POST /orders"));
    await user.click(screen.getByRole("button", { name: "Assign policy to selected (2)" }));
    const dialog = screen.getByRole("dialog", { name: "Assign a policy to 2 APIs" });
    await user.selectOptions(within(dialog).getByLabelText("Policy"), "pol-1");
    await user.click(within(dialog).getByRole("button", { name: "Update" }));
    expect(await screen.findByText(/Updated 2 APIs/)).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")).toMatchObject({
      url: "/api/admin/default/apis/assign",
      body: { api_ids: ["api-1", "api-2"], policy_id: "pol-1", versions: { "api-1": 3, "api-2": 7 } },
    });
  });

  it("on 409 says the APIs changed meanwhile and reloads the list", async () => {
    assignAnswer = { status: 409, body: { error: { code: "conflict", message: "1 of the selected APIs (GET /orders) was changed by someone else meanwhile. Reload and try again." } } };
    const user = userEvent.setup();
    renderDashboard(true);
    await user.click(await screen.findByLabelText("Select all APIs of Orders"));
    await user.click(screen.getByRole("button", { name: "Assign policy to selected (2)" }));
    const listLoads = calls.filter((c) => c.url.endsWith("/apis") && c.method === "GET").length;
    await user.selectOptions(within(screen.getByRole("dialog")).getByLabelText("Policy"), "");
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Update" }));
    expect(await screen.findByText(/changed by someone else meanwhile.*The list was reloaded/)).toBeTruthy();
    expect(calls.filter((c) => c.url.endsWith("/apis") && c.method === "GET").length).toBeGreaterThan(listLoads);
  });

  it("sets a shadow policy from the Edit dialog, sending only what changed", async () => {
    const user = userEvent.setup();
    renderDashboard(true);
    await user.click(await screen.findByRole("button", { name: "Edit GET /orders" }));
    const dialog = screen.getByRole("dialog", { name: "Edit GET /orders" });
    await user.selectOptions(within(dialog).getByLabelText("Shadow policy"), "pol-1");
    await user.click(within(dialog).getByRole("button", { name: "Update" }));
    expect(await screen.findByText(/Updated 1 API/)).toBeTruthy();
    expect(calls.find((c) => c.method === "PUT")).toMatchObject({ url: "/api/admin/default/apis/api-1", body: { policy_id: null, shadow_policy_id: "pol-1", version: 3 } });
  });

  it("bulk keeps each API's policy and shadow policy unless one is chosen (clearing only shadows never opens an API)", async () => {
    assignAnswer = { status: 200, body: { apis: [] } };
    const user = userEvent.setup();
    renderDashboard(true);
    await user.click(await screen.findByLabelText("Select all APIs of Orders"));
    await user.click(screen.getByRole("button", { name: "Assign policy to selected (2)" }));
    const dialog = screen.getByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Update" }));
    expect(await within(dialog).findByText("Choose a policy or a shadow policy to change.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")).toBeUndefined();
    await user.selectOptions(within(dialog).getByLabelText("Shadow policy"), "");
    await user.click(within(dialog).getByRole("button", { name: "Update" }));
    expect(await screen.findByText(/Updated 2 APIs/)).toBeTruthy();
    const body = calls.find((c) => c.method === "POST")!.body as Record<string, unknown>;
    expect(body).toMatchObject({ api_ids: ["api-1", "api-2"], shadow_policy_id: null });
    expect(body).not.toHaveProperty("policy_id");
  });

  it("shows the shadow policy's would-deny of 24 h, says when only invoked decisions count, and promotes it with the version shown", async () => {
    shown = [{ ...apiView("api-1", "GET", "/orders", 4), shadow_policy_id: "pol-1", shadow_policy_name: "orders-read", shadow_24h: { total: 20, would_deny: 20, broken: 0 }, shadow_counts_invoked_only: true }];
    const user = userEvent.setup();
    renderDashboard(true);
    const cell = await screen.findByTestId("shadow-would-deny");
    expect(cell.textContent).toBe("would deny 20 of 20");
    expect(screen.getByTestId("shadow-invoked-only").textContent).toMatch(/invoked decisions only/);
    await user.click(screen.getByRole("button", { name: "Promote the shadow policy of GET /orders to enforced" }));
    expect(await screen.findByText(/orders-read is now the enforced policy of GET \/orders/)).toBeTruthy();
    expect(calls.find((c) => c.url.endsWith("/promote-shadow"))).toMatchObject({ method: "POST", url: "/api/admin/default/apis/api-1/promote-shadow", body: { version: 4 } });
  });

  it("a viewer sees the APIs but no selection or edit actions", async () => {
    renderDashboard(false);
    expect(await screen.findAllByText("/orders", { selector: "span" })).toHaveLength(2);
    expect(screen.queryByRole("button", { name: /Assign policy/ })).toBeNull();
    expect(screen.queryByRole("button", { name: /Edit/ })).toBeNull();
    expect(screen.queryByRole("checkbox")).toBeNull();
  });
});
