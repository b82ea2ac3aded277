// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PolicyView } from "@/lib/policies/view";
import { PolicyForm } from "./policy-form";

const push = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ push }) }));

const POLICY: PolicyView = {
  id: "8d7f3c1e-0000-4000-8000-000000000009",
  policy_name: "orders-read",
  description: "",
  type: "api",
  language: "cloudentity",
  validators: [{ name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "orders.read" }] } }],
  builtin: null,
  used_by: { apis: 0, gateways: 0, shadow_apis: 0 },
  version: 4,
  created_at: "2025-01-01T00:00:00.000Z",
  updated_at: "2025-01-01T00:00:00.000Z",
};

type Answer = { status: number; body?: unknown };
let answer: (url: string, method: string) => Answer;
const calls: { url: string; method: string; body: unknown }[] = [];

beforeEach(() => {
  calls.length = 0;
  push.mockReset();
  vi.stubGlobal("fetch", (url: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    calls.push({ url, method, body: typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined });
    const a = answer(url, method);
    return Promise.resolve(new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status }));
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function wrap(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={qc}>{ui}</QueryClientProvider>);
}

describe("PolicyForm", () => {
  it("keeps the visual editor and the JSON view in sync, both ways", async () => {
    answer = () => ({ status: 201, body: { ...POLICY, id: "new-id" } });
    const user = userEvent.setup();
    wrap(<PolicyForm canEdit />);
    await user.selectOptions(screen.getByLabelText("Add validator"), "header");
    await user.click(screen.getByRole("button", { name: "Add" }));
    await user.type(screen.getByLabelText("Field of validator 1 row 1"), "x-env");
    await user.type(screen.getByLabelText("Value of validator 1 row 1"), "prod");
    await user.click(screen.getByRole("tab", { name: "JSON" }));
    const json = screen.getByLabelText<HTMLTextAreaElement>("Validators (JSON)");
    expect(JSON.parse(json.value)).toEqual([{ name: "header", conf: { fields: [{ field: "x-env", comparator: "equals", value: "prod" }] } }]);

    await user.clear(json);
    await user.click(json);
    await user.paste('[{"name":"identity-context","conf":{"fields":[{"field":"sub","comparator":"present"}]}}]');
    await user.click(screen.getByRole("tab", { name: "Visual editor" }));
    expect(screen.getByLabelText<HTMLInputElement>("Field of validator 1 row 1").value).toBe("sub");
    expect(screen.getByLabelText<HTMLSelectElement>("Comparator of validator 1 row 1").value).toBe("present");
    expect(screen.queryByLabelText("Value of validator 1 row 1")).toBeNull();
  });

  it("invalid JSON shows an error, blocks saving, and does not clobber the visual state", async () => {
    answer = () => ({ status: 500 });
    const user = userEvent.setup();
    wrap(<PolicyForm initial={POLICY} canEdit />);
    await user.click(screen.getByRole("tab", { name: "JSON" }));
    const json = screen.getByLabelText<HTMLTextAreaElement>("Validators (JSON)");
    await user.clear(json);
    await user.click(json);
    await user.paste("[[");
    expect(screen.getByRole("alert")).toHaveProperty("textContent", expect.stringMatching(/Not valid JSON/));
    expect(json.value).toBe("[[");
    await user.click(screen.getByRole("tab", { name: "Visual editor" }));
    expect(screen.getByLabelText<HTMLInputElement>("Value of validator 1 row 1").value).toBe("orders.read");
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Save changes" }).disabled).toBe(true);
  });

  it("shows the server's 422 issues next to the fields they name, and drops each when its field is edited", async () => {
    answer = () => ({
      status: 422,
      body: {
        error: {
          code: "invalid_request",
          message: "The request body is invalid.",
          fields: [
            { path: "validators.0.conf.fields.0.value", message: "bad regular expression: unbalanced (" },
            { path: "policy_name", message: "Too big: expected string to have <=100 characters" },
          ],
        },
      },
    });
    const user = userEvent.setup();
    wrap(<PolicyForm initial={POLICY} canEdit />);
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Bad regular expression: unbalanced (.")).toBeTruthy();
    expect(screen.getByText("At most 100 characters.")).toBeTruthy();
    expect(screen.getByLabelText("Name").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Check the marked fields.")).toBeTruthy();
    expect(screen.queryByText(/request body is invalid/)).toBeNull();
    expect(calls.at(-1)).toMatchObject({ method: "PUT", body: { version: 4, policy_name: "orders-read" } });

    await user.type(screen.getByLabelText("Name"), "x");
    expect(screen.queryByText("At most 100 characters.")).toBeNull();
    expect(screen.getByText("Bad regular expression: unbalanced (.")).toBeTruthy();
    await user.type(screen.getByLabelText("Value of validator 1 row 1"), "x");
    expect(screen.queryByText("Bad regular expression: unbalanced (.")).toBeNull();
    expect(screen.queryByText("Check the marked fields.")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("on a stale version says so, keeps the edits, and Reload asks the page to reload", async () => {
    answer = () => ({ status: 409, body: { error: { code: "conflict", message: "This policy was changed by someone else meanwhile. Reload and try again." } } });
    const onReload = vi.fn();
    const user = userEvent.setup();
    wrap(<PolicyForm initial={POLICY} canEdit onReload={onReload} />);
    const value = screen.getByLabelText<HTMLInputElement>("Value of validator 1 row 1");
    await user.clear(value);
    await user.type(value, "orders.admin");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText(/changed by someone else meanwhile — reload/)).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>("Value of validator 1 row 1").value).toBe("orders.admin");
    await user.click(screen.getByRole("button", { name: "Reload" }));
    expect(onReload).toHaveBeenCalledOnce();
  });

  it("a built-in is read-only: no save, no delete", () => {
    answer = () => ({ status: 500 });
    wrap(<PolicyForm initial={{ ...POLICY, builtin: "block", policy_name: "Block API", validators: [{ name: "false" }] }} canEdit />);
    expect(screen.getByText(/is a built-in policy/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Save changes" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete policy" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Add" })).toBeNull();
    expect(screen.getByRole("button", { name: "Run" })).toBeTruthy();
  });
});
