// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TestRequestResult } from "@/lib/confirm/test-request";
import { TestRequestForm } from "./test-request-form";

const URL_ = "http://127.0.0.1:4010/restapis/abc123/prod/_user_request_";
const calls: { url: string; body: unknown }[] = [];
let answer: { status: number; body?: unknown };
beforeEach(() => {
  calls.length = 0;
  answer = { status: 200, body: { url: `${URL_}/pets`, method: "GET", status: 200, status_text: "OK", headers: {}, body: "[]", body_truncated: false, duration_ms: 3, sent_token: false, at: "2026-01-01T00:00:00.000Z" } satisfies TestRequestResult };
  vi.stubGlobal("fetch", (url: string, init: RequestInit = {}) => {
    calls.push({ url, body: typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined });
    return Promise.resolve(new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status }));
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderForm(defaultPath = "/") {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <TestRequestForm gatewayId="gw-1" groupId="abc123/prod" invokeUrl={URL_} defaultPath={defaultPath} />
    </QueryClientProvider>,
  );
  const form = screen.getByRole("form", { name: "Send a test request to abc123/prod" });
  return { user: userEvent.setup(), form, curl: () => within(form).getByTestId("curl-abc123/prod").textContent };
}

describe("TestRequestForm curl line", () => {
  it("follows the form: method, path and the Authorization header only when a token is given", async () => {
    const { user, form, curl } = renderForm("/");
    expect(curl()).toBe(`curl -i '${URL_}/'`);

    await user.clear(within(form).getByLabelText("Path"));
    await user.type(within(form).getByLabelText("Path"), "/pets/7?verbose=1");
    expect(curl()).toBe(`curl -i '${URL_}/pets/7?verbose=1'`);

    await user.selectOptions(within(form).getByLabelText("Method"), "DELETE");
    expect(curl()).toBe(`curl -i -X DELETE '${URL_}/pets/7?verbose=1'`);

    await user.type(within(form).getByLabelText("Access token (optional)"), "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.sig");
    expect(curl()).toBe(`curl -i -X DELETE -H "Authorization: Bearer $TOKEN" '${URL_}/pets/7?verbose=1'`);
    // The token itself never goes into a line meant to be copied.
    expect(curl()).not.toContain("c2VjcmV0");
    expect(within(form).getByText(/^The same request from a shell/).textContent).toBe("The same request from a shell (set TOKEN to your token first):");
  });

  it("sends what the curl line says", async () => {
    const { user, form, curl } = renderForm("/pets");
    await user.selectOptions(within(form).getByLabelText("Method"), "POST");
    await user.click(within(form).getByRole("button", { name: "Send test request" }));
    await within(form).findByTestId("test-status");
    expect(calls.at(-1)).toEqual({ url: "/api/admin/default/gateways/gw-1/test-request", body: { group_id: "abc123/prod", method: "POST", path: "/pets" } });
    expect(curl()).toBe(`curl -i -X POST '${URL_}/pets'`);
  });

  it("copies the curl line", async () => {
    const { user, form, curl } = renderForm("/pets");
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await user.click(within(form).getByRole("button", { name: "Copy curl line for abc123/prod" }));
    expect(writeText).toHaveBeenCalledWith(curl());
  });

  it("shows the API's path error at the Path field, cleared when the path is edited", async () => {
    answer = { status: 422, body: { error: { code: "invalid_request", message: "The request body is invalid.", fields: [{ path: "path", message: "no .. segments" }] } } };
    const { user, form } = renderForm("/a/../b");
    await user.click(within(form).getByRole("button", { name: "Send test request" }));
    expect(await within(form).findByText("No .. segments.")).toBeTruthy();
    expect(within(form).getByLabelText("Path").getAttribute("aria-invalid")).toBe("true");
    await user.type(within(form).getByLabelText("Path"), "x");
    expect(within(form).queryByText("No .. segments.")).toBeNull();
    expect(within(form).queryByRole("alert")).toBeNull();
  });
});
