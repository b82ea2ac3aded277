// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { consoleDefaults } from "@/protocol/settings/catalogue";
import { ClientCredentials } from "./client-credentials";
import { CONFLICT_MESSAGE, GatewaySettingsForm } from "./gateway-settings-form";
import { regionError, settingError } from "./settings-meta";
import type { GatewayView } from "./types";

const GATEWAY: GatewayView = {
  id: "8d7f3c1e-0000-4000-8000-000000000001",
  tenant_id: "default",
  name: "prod",
  description: "",
  type: "aws",
  create_and_bind_services_automatically: false,
  default_policy_id: null,
  region: "eu-west-1",
  settings: { ...consoleDefaults(), AWS_AUTHORIZER_NAME: "gatehouse-8d7f3c1e" },
  events_per_second: 10,
  client_id: "client-1",
  issuer_url: "http://localhost/default/system",
  server_url: "http://localhost",
  last_active: null,
  authorizer_version: null,
  last_sync_at: null,
  groups_count: 0,
  connected_groups_count: 0,
  gone_groups_count: 0,
  conflicts: [],
  version: 3,
  created_at: "2025-01-01T00:00:00.000Z",
  updated_at: "2025-01-01T00:00:00.000Z",
};

type Handler = (url: string, init: RequestInit) => { status: number; body?: unknown };
let handler: Handler;
const calls: { url: string; method: string; body: unknown }[] = [];

beforeEach(() => {
  calls.length = 0;
  vi.stubGlobal("fetch", (url: string, init: RequestInit = {}) => {
    const body = typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ url, method: init.method ?? "GET", body });
    const answer = url.endsWith("/policies") ? { status: 404, body: { error: { code: "not_found", message: "no" } } } : handler(url, init);
    return Promise.resolve(new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status }));
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function withClient(ui: ReactNode, client = new QueryClient({ defaultOptions: { queries: { retry: false } } })) {
  return { client, ...render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>) };
}

describe("GatewaySettingsForm", () => {
  it("sends only the edited fields with the version it edited", async () => {
    handler = () => ({ status: 200, body: { ...GATEWAY, version: 4, settings: { ...GATEWAY.settings, LOGGING_LEVEL: "debug" } } });
    withClient(<GatewaySettingsForm gateway={GATEWAY} isAdmin onReload={() => Promise.resolve()} />);
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText("LOGGING_LEVEL"), "debug");
    expect(screen.getByTestId("setting-row-LOGGING_LEVEL").textContent).toContain("changed");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await screen.findByText("Saved.");
    const put = calls.find((c) => c.method === "PUT");
    expect(put?.url).toBe(`/api/admin/default/gateways/${GATEWAY.id}`);
    expect(put?.body).toEqual({ version: 3, settings: { LOGGING_LEVEL: "debug" } });
  });

  it("on a 409 says so, keeps the edits and does not retry; Reload discards them", async () => {
    handler = () => ({ status: 409, body: { error: { code: "conflict", message: "This gateway was changed by someone else meanwhile." } } });
    const onReload = vi.fn(() => Promise.resolve());
    withClient(<GatewaySettingsForm gateway={GATEWAY} isAdmin onReload={onReload} />);
    const user = userEvent.setup();
    await user.clear(screen.getByLabelText("Name"));
    await user.type(screen.getByLabelText("Name"), "renamed");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect((await screen.findByRole("alert")).textContent).toContain(CONFLICT_MESSAGE);
    expect(screen.getByLabelText<HTMLInputElement>("Name").value).toBe("renamed");
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Save changes" }).disabled).toBe(true);
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Reload" }));
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>("Name").value).toBe("prod"));
    expect(onReload).toHaveBeenCalledOnce();
    expect(screen.getByRole("status").textContent).toContain('"renamed"');
  });

  it("a duplicate name (also 409) is an error, not a conflict", async () => {
    handler = () => ({ status: 409, body: { error: { code: "conflict", message: 'A gateway named "x" already exists.' } } });
    withClient(<GatewaySettingsForm gateway={GATEWAY} isAdmin onReload={() => Promise.resolve()} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Name"), "x");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect((await screen.findByRole("alert")).textContent).toContain("already exists");
    expect(screen.queryByRole("button", { name: "Reload" })).toBeNull();
  });

  it("checks durations and the cache TTL before sending", async () => {
    handler = () => ({ status: 500 });
    withClient(<GatewaySettingsForm gateway={GATEWAY} isAdmin onReload={() => Promise.resolve()} />);
    const user = userEvent.setup();
    await user.clear(screen.getByLabelText("ACP_RELOAD_INTERVAL"));
    await user.type(screen.getByLabelText("ACP_RELOAD_INTERVAL"), "5 sec");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect((await screen.findByRole("alert")).textContent).toContain("ACP_RELOAD_INTERVAL");
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(0);
  });

  it("gives the cache TTL input the catalogue's bounds", () => {
    handler = () => ({ status: 500 });
    withClient(<GatewaySettingsForm gateway={GATEWAY} isAdmin onReload={() => Promise.resolve()} />);
    const ttl = screen.getByLabelText<HTMLInputElement>("AUTHORIZER_CACHE_TTL");
    expect([ttl.type, ttl.min, ttl.max]).toEqual(["number", "0", "3600"]);
  });

  it("viewers get disabled inputs and no Save", () => {
    handler = () => ({ status: 500 });
    withClient(<GatewaySettingsForm gateway={GATEWAY} isAdmin={false} onReload={() => Promise.resolve()} />);
    expect(screen.getByLabelText<HTMLSelectElement>("LOGGING_LEVEL").disabled).toBe(true);
    expect(screen.queryByRole("button", { name: "Save changes" })).toBeNull();
  });
});

describe("ClientCredentials", () => {
  it("fetches the secret only on Reveal and keeps it out of the query cache", async () => {
    handler = (url) =>
      url.endsWith("/client")
        ? { status: 200, body: { client_id: "client-1", client_secret: "s3cret-value-0123456789abcdef", issuer_url: GATEWAY.issuer_url, token_endpoint: "t", scopes: [], secret_rotated_at: "2025-01-01T00:00:00.000Z" } }
        : { status: 404 };
    const { client } = withClient(<ClientCredentials gateway={GATEWAY} isAdmin />);
    expect(calls).toHaveLength(0);
    expect(screen.getByTestId("client-secret").textContent).toContain("•");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Reveal" }));
    await waitFor(() => expect(screen.getByTestId("client-secret").textContent).toBe("s3cret-value-0123456789abcdef"));
    expect(JSON.stringify(client.getQueryCache().getAll().map((q) => q.state.data))).not.toContain("s3cret");
    await user.click(screen.getByRole("button", { name: "Hide" }));
    expect(screen.getByTestId("client-secret").textContent).toContain("•");
  });

  it("rotates only after the confirmation and shows the new secret", async () => {
    handler = (url) =>
      url.endsWith("/client/rotate") ? { status: 200, body: { client_id: "client-1", client_secret: "new-secret-value", secret_rotated_at: "2025-01-02T00:00:00.000Z" } } : { status: 404 };
    withClient(<ClientCredentials gateway={GATEWAY} isAdmin />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Rotate" }));
    expect(calls).toHaveLength(0);
    expect(screen.getByRole("group", { name: "Rotate client secret" }).textContent).toContain("stops working at once");
    await user.click(screen.getByRole("button", { name: "Rotate secret" }));
    await waitFor(() => expect(screen.getByTestId("client-secret").textContent).toBe("new-secret-value"));
    expect(calls.map((c) => c.method)).toEqual(["POST"]);
  });

  it("viewers see no secret controls", () => {
    handler = () => ({ status: 500 });
    withClient(<ClientCredentials gateway={GATEWAY} isAdmin={false} />);
    expect(screen.queryByRole("button", { name: "Reveal" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Copy client secret" })).toBeNull();
  });
});

describe("validators", () => {
  it("accepts Go durations only", () => {
    for (const ok of ["5s", "500ms", "1m30s", "1.5h", "100000us"]) expect(settingError("ACP_RELOAD_INTERVAL", ok)).toBeNull();
    for (const bad of ["5", "5 s", "s", "", "-5s", "5sec", "10ms", "25h"]) expect(settingError("ACP_RELOAD_INTERVAL", bad)).not.toBeNull();
  });
  it("bounds JWKS_MAX_AGE to 10s..24h", () => {
    for (const ok of ["10s", "10m", "24h"]) expect(settingError("JWKS_MAX_AGE", ok)).toBeNull();
    for (const bad of ["9s", "500ms", "25h", "10 min"]) expect(settingError("JWKS_MAX_AGE", bad)).not.toBeNull();
  });
  it("bounds the cache TTL", () => {
    expect(settingError("AUTHORIZER_CACHE_TTL", 0)).toBeNull();
    expect(settingError("AUTHORIZER_CACHE_TTL", 3600)).toBeNull();
    expect(settingError("AUTHORIZER_CACHE_TTL", 3601)).not.toBeNull();
    expect(settingError("AUTHORIZER_CACHE_TTL", 1.5)).not.toBeNull();
    expect(settingError("AUTHORIZER_CACHE_TTL", Number.NaN)).not.toBeNull();
  });
  it("knows what a region code looks like", () => {
    for (const ok of ["eu-west-1", "us-gov-west-1", "ap-southeast-3"]) expect(regionError(ok)).toBeNull();
    for (const bad of ["eu-west", "EU-WEST-1", "mars-1", ""]) expect(regionError(bad)).not.toBeNull();
  });
});
