// @vitest-environment jsdom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithQueryClient } from "@/test/render-with-query-client";
import { TestTokensPanel } from "./test-tokens-panel";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0LXVzZXIifQ.c2ln";
const calls: { url: string; method: string; body: unknown }[] = [];
let mintAnswer: { status: number; body: unknown };
beforeEach(() => {
  calls.length = 0;
  mintAnswer = { status: 201, body: { access_token: TOKEN } };
  vi.stubGlobal("fetch", (url: string, init: RequestInit = {}) => {
    calls.push({ url, method: init.method ?? "GET", body: typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined });
    const a = url.endsWith("/test-issuer/tokens")
      ? mintAnswer
      : { status: 200, body: { enabled: true, version: 1, issuer: "http://localhost/default/test-issuer", jwks_uri: "j", audience: "gatehouse-test" } };
    return Promise.resolve(new Response(JSON.stringify(a.body), { status: a.status }));
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderPanel = () => renderWithQueryClient(<TestTokensPanel isAdmin />);

describe("TestTokensPanel", () => {
  it("offers Copy for a minted token, copying exactly that token", async () => {
    const user = renderPanel();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await user.click(await screen.findByRole("button", { name: "Mint token" }));
    expect((await screen.findByLabelText<HTMLTextAreaElement>("Minted test token")).value).toBe(TOKEN);
    await user.click(screen.getByRole("button", { name: "Copy test token" }));
    expect(writeText).toHaveBeenCalledWith(TOKEN);
    expect(await screen.findByText("Copied")).toBeTruthy();
  });

  it("says at the claims field what is wrong with them, and stops saying it once they are edited", async () => {
    const user = renderPanel();
    const claims = await screen.findByLabelText("Extra claims (JSON object)");
    await user.click(claims);
    await user.paste("{tid: acme}");
    await user.click(screen.getByRole("button", { name: "Mint token" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/^Not valid JSON/);
    expect(claims.getAttribute("aria-invalid")).toBe("true");
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    await user.type(claims, " ");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("places the API's claims error at the claims field in a user's words", async () => {
    mintAnswer = {
      status: 422,
      body: { error: { code: "invalid_request", message: "The request body is invalid.", fields: [{ path: "claims", message: "claims may not set iss, aud, exp, iat, nbf, jti, sub, scp, scope" }] } },
    };
    const user = renderPanel();
    const claims = await screen.findByLabelText("Extra claims (JSON object)");
    await user.click(claims);
    await user.paste('{"sub": "root"}');
    await user.click(screen.getByRole("button", { name: "Mint token" }));
    expect(await screen.findByText("Claims may not set iss, aud, exp, iat, nbf, jti, sub, scp, scope.")).toBeTruthy();
    expect(screen.queryByText(/request body is invalid/)).toBeNull();
  });
});
