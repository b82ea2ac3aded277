// @vitest-environment jsdom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithQueryClient } from "@/test/render-with-query-client";
import { CreateGatewayForm } from "./create-gateway-form";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));

type Answer = { status: number; body?: unknown };
let answer: () => Answer;
beforeEach(() => {
  vi.stubGlobal("fetch", (url: string) => {
    const a = url.endsWith("/policies") ? { status: 200, body: { policies: [] } } : answer();
    return Promise.resolve(new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status }));
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderForm = () => renderWithQueryClient(<CreateGatewayForm />);

// The answer the API gives a name of spaces (lib/gateways/schemas.ts trims, then needs 1 character).
const NAME_422 = {
  status: 422,
  body: { error: { code: "invalid_request", message: "The request body is invalid.", fields: [{ path: "name", message: "give it a name" }] } },
};

describe("CreateGatewayForm errors", () => {
  it("shows a 422's field error at the field in a user's words, not the API's sentence at the bottom", async () => {
    answer = () => NAME_422;
    const user = renderForm();
    await user.type(screen.getByLabelText("Name"), "   ");
    await user.click(screen.getByRole("button", { name: "Create gateway" }));

    const name = screen.getByLabelText("Name");
    expect(await screen.findByText("Give it a name.")).toBeTruthy();
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(name.getAttribute("aria-describedby")!)?.textContent).toBe("Give it a name.");
    expect(screen.getByText("Check the marked field.")).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/request body is invalid|\(name: /);
  });

  it("clears the field's error, and the form's pointer to it, as soon as the field is edited", async () => {
    answer = () => NAME_422;
    const user = renderForm();
    await user.type(screen.getByLabelText("Name"), "   ");
    await user.click(screen.getByRole("button", { name: "Create gateway" }));
    await screen.findByText("Give it a name.");

    await user.type(screen.getByLabelText("Name"), "prod");
    expect(screen.queryByText("Give it a name.")).toBeNull();
    expect(screen.queryByText("Check the marked field.")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByLabelText("Name").getAttribute("aria-invalid")).toBeNull();
  });

  it("puts a duplicate name (409) at the name field, cleared when the name changes", async () => {
    answer = () => ({ status: 409, body: { error: { code: "conflict", message: 'A gateway named "prod" already exists.' } } });
    const user = renderForm();
    await user.type(screen.getByLabelText("Name"), "prod");
    await user.click(screen.getByRole("button", { name: "Create gateway" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("A gateway named “prod” already exists. Choose another name.");
    expect(screen.getByLabelText("Name").getAttribute("aria-describedby")).toBe(alert.id);
    await user.type(screen.getByLabelText("Name"), "-2");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("keeps an error that belongs to no field as the form's message, in the API's own words", async () => {
    answer = () => ({ status: 503, body: { error: { code: "unavailable", message: "The database is not reachable." } } });
    const user = renderForm();
    await user.type(screen.getByLabelText("Name"), "prod");
    await user.click(screen.getByRole("button", { name: "Create gateway" }));
    expect((await screen.findByRole("alert")).textContent).toBe("The database is not reachable.");
  });
});
