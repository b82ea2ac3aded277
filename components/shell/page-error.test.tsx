// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PageError } from "./page-error";

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

const DOWN = {
  status: "unavailable",
  error: { code: "database_unavailable", message: "The console cannot reach its database (connection refused); it retries by itself, try again in a few seconds." },
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the page shown when a server render failed", () => {
  it("says the database is unavailable, with the reason, and reloads once it is back", async () => {
    const fetchMock = vi.fn().mockResolvedValueOnce(answer(503, DOWN)).mockResolvedValueOnce(answer(503, DOWN)).mockResolvedValue(answer(200, { status: "ok" }));
    vi.stubGlobal("fetch", fetchMock);
    const onRecovered = vi.fn();
    render(<PageError digest="123" pollMs={10} onRecovered={onRecovered} />);
    expect(await screen.findByRole("heading", { name: "Database unavailable" })).toBeTruthy();
    expect(screen.getByText(/connection refused/)).toBeTruthy();
    await waitFor(() => expect(onRecovered).toHaveBeenCalledTimes(1));
    expect(fetchMock).toHaveBeenCalledWith("/api/health", { cache: "no-store" });
  });

  it("shows a plain failure with its reference, never a stack, when the database is fine", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(answer(200, { status: "ok" })));
    const onRecovered = vi.fn();
    render(<PageError digest="4711" pollMs={10} onRecovered={onRecovered} />);
    expect(await screen.findByRole("heading", { name: "This page could not be shown" })).toBeTruthy();
    expect(screen.getByText(/reference 4711/)).toBeTruthy();
    expect(onRecovered).not.toHaveBeenCalled();
  });
});
