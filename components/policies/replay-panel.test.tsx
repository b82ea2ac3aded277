// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ReplayPanel } from "./replay-panel";

const calls: { url: string; method: string; body: unknown }[] = [];
const REPLAY = {
  api_id: "api-1",
  hours: 24,
  replayed: 20,
  unchanged: 0,
  allow_to_deny: 20,
  deny_to_allow: 0,
  without_inputs: 2,
  examples: [{ at: "2026-01-01T00:00:00.000Z", method: "GET", path: "/pets", recorded: "allow", replayed: "deny", failures: [{ validator: "false", message: "blocked" }] }],
};

beforeEach(() => {
  calls.length = 0;
  vi.stubGlobal("fetch", (url: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    calls.push({ url, method, body: typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined });
    const body = url.endsWith("/policies/replay")
      ? REPLAY
      : { apis: [{ id: "api-1", service_name: "Pets", method: "GET", path: "/pets" }, { id: "api-2", service_name: "Pets", method: "POST", path: "/pets" }] };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("ReplayPanel", () => {
  it("replays the chosen API's decisions through the draft validators and shows what would change", async () => {
    const user = userEvent.setup();
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(<QueryClientProvider client={qc}><ReplayPanel validators={[{ name: "false" }]} disabled={false} /></QueryClientProvider>);
    expect(calls).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Replay recent decisions…" }));
    await screen.findByRole("option", { name: "Pets · POST /pets" });
    await user.selectOptions(screen.getByLabelText("API"), "api-2");
    await user.click(screen.getByRole("button", { name: "Replay" }));
    expect((await screen.findByTestId("replay-allow-to-deny")).textContent).toBe("20 allow → deny");
    expect(screen.getByTestId("replay-result").textContent).toMatch(/2 without recorded inputs were not replayed/);
    expect(calls.find((c) => c.url.endsWith("/policies/replay"))).toMatchObject({ method: "POST", body: { policy: { validators: [{ name: "false" }] }, api_id: "api-2" } });
  });
});
