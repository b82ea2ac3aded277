// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RedeployButton } from "./redeploy-button";
import type { RedeployJobView } from "./types";

const job = (over: Partial<RedeployJobView>): RedeployJobView => ({
  id: "11111111-1111-4111-8111-111111111111",
  account_id: "123456789012",
  region: "us-east-1",
  status: "running",
  requested_by: "admin",
  created_at: "2026-01-01T00:00:00.000Z",
  started_at: "2026-01-01T00:00:00.000Z",
  finished_at: null,
  total: 3,
  succeeded: 1,
  failed: 0,
  remaining: 2,
  percent: 33,
  eta_seconds: 10,
  items: [
    { id: "a", gateway_id: null, rest_api_id: "abc", api_name: "PetStore", stage: "prod", status: "succeeded", attempts: 1, deployment_id: "d1", error: null, requested_by: "admin", changes: [], started_at: null, finished_at: null },
    { id: "b", gateway_id: null, rest_api_id: "abc", api_name: "PetStore", stage: "dev", status: "running", attempts: 2, deployment_id: null, error: null, requested_by: "admin", changes: [], started_at: null, finished_at: null },
    { id: "c", gateway_id: null, rest_api_id: "def", api_name: "Orders", stage: "prod", status: "pending", attempts: 0, deployment_id: null, error: null, requested_by: "admin", changes: [], started_at: null, finished_at: null },
  ],
  ...over,
});

function respond(routes: Record<string, unknown>) {
  return vi.fn((input: string, init?: RequestInit) => {
    const url = input;
    const key = `${init?.method ?? "GET"} ${url.replace("/api/admin/default/", "")}`;
    const body = routes[key];
    if (body === undefined) return Promise.resolve(new Response(JSON.stringify({ error: { code: "nf", message: key } }), { status: 404 }));
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } }));
  });
}

function renderButton(props: { gatewayId?: string; canEdit?: boolean } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <RedeployButton {...props} />
    </QueryClientProvider>,
  );
}

describe("RedeployButton", () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("finds the running job after a reload and shows its progress, ETA and per-stage results", async () => {
    vi.stubGlobal("fetch", respond({ "GET redeploy?active=1": { jobs: [job({})] }, [`GET redeploy/${job({}).id}`]: job({}) }));
    renderButton();
    expect(await screen.findByText("Redeploying 1 of 3 stages · about 10 s left")).toBeTruthy();
    expect(screen.getByRole("progressbar", { name: "Redeploy progress" }).getAttribute("aria-valuenow")).toBe("33");
    expect(screen.getByText("deployed (d1)")).toBeTruthy();
    expect(screen.getByText("deploying (attempt 2)…")).toBeTruthy();
    expect(screen.getByText("queued")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Redeploy APIs (joins the running queue)" })).toBeTruthy();
  });

  it("queues the gateway's stages and follows the job to its result", async () => {
    const done = job({ status: "succeeded", succeeded: 2, total: 2, remaining: 0, percent: 100, eta_seconds: null, items: job({}).items.slice(0, 1) });
    const fetchMock = respond({
      "GET redeploy?active=1": { jobs: [] },
      "POST redeploy": { job: done, jobs: [done], joined: false, message: "2 stages queued." },
      [`GET redeploy/${done.id}`]: done,
    });
    vi.stubGlobal("fetch", fetchMock);
    renderButton({ gatewayId: "22222222-2222-4222-8222-222222222222" });
    await userEvent.click(await screen.findByRole("button", { name: "Redeploy APIs" }));
    expect(await screen.findByText("Redeployed 2 stages")).toBeTruthy();
    expect(screen.getByText("2 stages queued.")).toBeTruthy();
    const post = fetchMock.mock.calls.find((c) => c[1]?.method === "POST");
    expect(JSON.parse(post?.[1]?.body as string)).toEqual({ gateway_id: "22222222-2222-4222-8222-222222222222" });
    await waitFor(() => expect(screen.getByRole("button", { name: "Dismiss redeploy result" })).toBeTruthy());
  });

  it("is disabled for viewers", async () => {
    vi.stubGlobal("fetch", respond({ "GET redeploy?active=1": { jobs: [] } }));
    renderButton({ canEdit: false });
    expect((await screen.findByRole("button", { name: "Redeploy APIs" })).hasAttribute("disabled")).toBe(true);
  });
});
