// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AwsIdentity } from "./aws-identity";

const TIMEOUT = {
  ok: false,
  reason: "unreachable",
  message: "AWS did not answer within 10 s (http://127.0.0.1:4566).",
  help: ["Check that http://127.0.0.1:4566 (AWS_ENDPOINT_URL) is up."],
  region: "us-east-1",
  endpoint: "http://127.0.0.1:4566",
};
const ME = { ok: true, account: "123456789012", arn: "arn:aws:iam::123456789012:user/ops", userId: "AIDA1", region: "us-east-1", endpoint: null };

function renderIdentity() {
  // The app's default retries (providers.tsx): the panel must opt out of them itself.
  const qc = new QueryClient({ defaultOptions: { queries: { retry: 2, retryDelay: 10_000 } } });
  return render(<QueryClientProvider client={qc}><AwsIdentity /></QueryClientProvider>);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("AwsIdentity", () => {
  it("shows AWS's timeout with a Retry button, and the identity once AWS answers", async () => {
    const answers = [TIMEOUT, ME];
    vi.stubGlobal("fetch", () => Promise.resolve(new Response(JSON.stringify(answers.shift()), { status: 200 })));
    renderIdentity();
    expect(await screen.findByText(TIMEOUT.message)).toBeTruthy();
    expect(screen.getByText(/could not get an answer from AWS/)).toBeTruthy();
    await userEvent.setup().click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByText("123456789012")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Check again" })).toBeTruthy();
  });

  it("a console that does not answer in time ends in an error with Retry, not 'Checking…'", async () => {
    vi.stubGlobal("fetch", () => Promise.reject(new DOMException("The operation timed out.", "TimeoutError")));
    renderIdentity();
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", "The console did not answer the identity check within 20 s.");
    expect(screen.getByRole("button", { name: "Retry" })).toBeTruthy();
    expect(screen.queryByText("Checking…")).toBeNull();
  });
});
