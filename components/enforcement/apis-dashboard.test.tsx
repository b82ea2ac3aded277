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
const calls: { url: string; method: string; body: unknown }[] = [];

beforeEach(() => {
  calls.length = 0;
  vi.stubGlobal("fetch", (url: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    calls.push({ url, method, body: typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined });
    let a: { status: number; body: unknown } = { status: 404, body: { error: { code: "not_found", message: "no" } } };
    if (url.endsWith("/apis/assign")) a = assignAnswer;
    else if (url.includes("/apis")) a = { status: 200, body: { apis: APIS, summary: { protected: 0, with_policy: 0, unrestricted: 2, open_at_gateway: 0, pending_redeploy: 0, checked_at: null } } };
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
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Update" }));
    expect(await screen.findByText(/changed by someone else meanwhile.*The list was reloaded/)).toBeTruthy();
    expect(calls.filter((c) => c.url.endsWith("/apis") && c.method === "GET").length).toBeGreaterThan(listLoads);
  });

  it("a viewer sees the APIs but no selection or edit actions", async () => {
    renderDashboard(false);
    expect(await screen.findAllByText("/orders", { selector: "span" })).toHaveLength(2);
    expect(screen.queryByRole("button", { name: /Assign policy/ })).toBeNull();
    expect(screen.queryByRole("button", { name: /Edit/ })).toBeNull();
    expect(screen.queryByRole("checkbox")).toBeNull();
  });
});
