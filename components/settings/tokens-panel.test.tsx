// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TokensPanel } from "./tokens-panel";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("TokensPanel", () => {
  it("links the admin API's OpenAPI document", async () => {
    vi.stubGlobal("fetch", () => Promise.resolve(new Response(JSON.stringify({ tokens: [] }), { status: 200, headers: { "content-type": "application/json" } })));
    render(<QueryClientProvider client={new QueryClient()}><TokensPanel /></QueryClientProvider>);
    expect(await screen.findByText("No tokens yet.")).toBeTruthy();
    expect(screen.getByRole("link", { name: "/api/admin/default/openapi.json" }).getAttribute("href")).toBe("/api/admin/default/openapi.json");
  });
});
