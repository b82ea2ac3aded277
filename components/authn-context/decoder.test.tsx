// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthnContextDecoder } from "./decoder";
import { SAMPLE_AUTHN_CTX, SAMPLE_EVENT } from "./sample";

const EXP = 1606392950; // 26 Nov 2020 12:15:50 UTC
const NBF = 1606389349; // 26 Nov 2020 11:15:49 UTC (also iat)
const LABEL = "authnCtx, Lambda event or JWT";

// Buffer only builds fixtures here; the component never uses it.
const b64 = (s: string | Uint8Array) => Buffer.from(s).toString("base64");
const b64url = (s: string | Uint8Array) => Buffer.from(s).toString("base64url");

function setup(now = (EXP - 55 * 60) * 1000) {
  const user = userEvent.setup();
  const view = render(<AuthnContextDecoder now={now} locale="en-GB" timeZone="UTC" />);
  const textarea = screen.getByLabelText(LABEL);
  return { user, textarea, ...view };
}

async function paste(user: ReturnType<typeof userEvent.setup>, textarea: HTMLElement, text: string) {
  await user.click(textarea);
  await user.paste(text);
}

/** The cells of a claim's row: [name, value, meaning]. */
async function claimCells(name: string): Promise<HTMLElement[]> {
  const row = await screen.findByTestId(`claim-row-${name}`);
  const cells = within(row).getAllByRole("cell");
  expect(cells).toHaveLength(3);
  return cells;
}

async function claimValue(name: string): Promise<string> {
  const cells = await claimCells(name);
  expect(cells[0]).toHaveProperty("textContent", name);
  return cells[1]?.textContent ?? "";
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("AuthnContextDecoder", () => {
  it("starts with a neutral prompt, the labelled input and the buttons", () => {
    setup();
    expect(screen.getByRole("textbox", { name: LABEL })).toHaveProperty("value", "");
    expect(screen.getByRole("button", { name: "Load sample" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Clear" })).toBeTruthy();
    expect(screen.getByTestId("decoder-empty").textContent).toMatch(/Paste a value/);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByRole("table")).toBeNull();
  });

  const ODD = { sub: "ünïcødé ✓ ???>>>~~~", tid: "t-odd" };
  const forms: [string, string, string][] = [
    ["standard base64", SAMPLE_AUTHN_CTX, "user"],
    ["URL-safe base64", b64url(JSON.stringify(ODD)), ODD.sub],
    ["base64 without padding", SAMPLE_AUTHN_CTX.replace(/=+$/, ""), "user"],
    ["quotes and whitespace", `\n   "${SAMPLE_AUTHN_CTX}"  \n`, "user"],
    ["a Lambda-proxy event", SAMPLE_EVENT, "user"],
    ["an authorizer object", JSON.stringify({ authorizer: { authnCtx: SAMPLE_AUTHN_CTX, principalId: "user" } }), "user"],
    ["a top-level authnCtx", JSON.stringify({ authnCtx: b64(JSON.stringify(ODD)) }), ODD.sub],
  ];

  it.each(forms)("decodes %s as it is pasted", async (_name, input, sub) => {
    const { user, textarea } = setup();
    await paste(user, textarea, input);
    expect(await claimValue("sub")).toBe(sub);
    expect(screen.getByRole("table", { name: "Well-known claims" })).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("checks the URL-safe fixture really uses the URL-safe alphabet", () => {
    expect(b64url(JSON.stringify(ODD))).toMatch(/[-_]/);
    expect(b64(JSON.stringify(ODD))).toMatch(/[+/]/);
  });

  it("shows every well-known claim of the guide's sample with its meaning", async () => {
    const { user, textarea } = setup();
    await paste(user, textarea, SAMPLE_AUTHN_CTX);
    expect(await claimValue("tid")).toBe("qky1fzhg8oo6g10dlyqp");
    expect(await claimValue("aid")).toBe("default");
    expect(await claimValue("st")).toBe("public");
    expect(await claimValue("scp")).toBe("amazon_api_scope");
    expect(await claimValue("aud")).toContain("spiffe://dev.acp.int.cloudentity.com/qky1fzhg8oo6g10dlyqp/default/buvosf84mq0dnvc30rug");
    const tidMeaning = (await claimCells("tid"))[2]?.textContent ?? "";
    expect(tidMeaning).toMatch(/tenant/i);
    const stMeaning = (await claimCells("st"))[2]?.textContent ?? "";
    expect(stMeaning).toMatch(/pairwise/);
    const rows = within(screen.getByRole("table", { name: "Well-known claims" })).getAllByRole("row");
    // header + sub iss aud scp acr amr aid idp tid st jti exp iat nbf
    expect(rows).toHaveLength(15);
    expect(screen.queryByTestId("claim-row-client_id")).toBeNull();
    expect(screen.getByRole("status").textContent).toContain("Decoded from a base64 authnCtx value");
  });

  it("says where an event's authnCtx was found", async () => {
    const { user, textarea } = setup();
    await paste(user, textarea, SAMPLE_EVENT);
    await screen.findByTestId("claim-row-sub");
    expect(screen.getByRole("status").textContent).toContain("requestContext.authorizer.authnCtx");
  });

  it("shows a JWT's header and payload, marked not verified", async () => {
    const header = { alg: "RS256", kid: "key-1" };
    const payload = { sub: "jwt-user", client_id: "my-client", cnf: { "x5t#S256": "thumb" }, exp: EXP };
    const { user, textarea } = setup();
    await paste(user, textarea, `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.c2ln`);
    expect(await claimValue("sub")).toBe("jwt-user");
    expect(await claimValue("client_id")).toBe("my-client");
    expect(await claimValue("cnf")).toBe("x5t#S256: thumb");
    const warning = screen.getByTestId("jwt-not-verified");
    expect(warning.textContent).toMatch(/^Signature not verified\./);
    expect(warning.textContent).toMatch(/signature has not been checked/);
    expect(screen.queryByTestId("authnctx-unsigned")).toBeNull();
    const tree = screen.getByRole("group", { name: "Decoded JSON" });
    expect(within(tree).getByText('"RS256"')).toBeTruthy();
    expect(within(tree).getByText('"key-1"')).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("RS256");
  });

  it("decodes a base64 value without the JWT warning, saying it is decoded, not signed", async () => {
    const { user, textarea } = setup();
    await paste(user, textarea, SAMPLE_AUTHN_CTX);
    await screen.findByTestId("claim-row-sub");
    expect(screen.queryByTestId("jwt-not-verified")).toBeNull();
    expect(screen.getByTestId("authnctx-unsigned").textContent).toMatch(/^Decoded, not signed\. authnCtx is plain base64 JSON with no signature/);
    expect(document.body.textContent).not.toMatch(/\bverified claims\b/i);
  });

  it("says decoded, not signed, for an authnCtx found in an event too", async () => {
    const { user, textarea } = setup();
    await paste(user, textarea, SAMPLE_EVENT);
    await screen.findByTestId("claim-row-sub");
    expect(screen.getByTestId("authnctx-unsigned").textContent).toMatch(/^Decoded, not signed\./);
  });
});

describe("errors", () => {
  async function alertFor(input: string): Promise<HTMLElement> {
    const { textarea } = setup();
    fireEvent.change(textarea, { target: { value: input } });
    return screen.findByRole("alert");
  }

  it("names the invalid character and its position", async () => {
    const alert = await alertFor(`  "${SAMPLE_AUTHN_CTX.slice(0, 7)}!${SAMPLE_AUTHN_CTX.slice(8)}"`);
    expect(alert.textContent).toContain('Character "!" (U+0021) at position 9 is not valid base64');
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("shows the decoded text, as text, when it is not JSON", async () => {
    const text = '<img src="x" onerror="alert(1)"> not json';
    const alert = await alertFor(b64(text));
    expect(alert.textContent).toContain("not JSON");
    expect(within(alert).getByTestId("error-detail").textContent).toBe(text);
    expect(within(alert).getByText("Decoded text")).toBeTruthy();
    expect(document.querySelector("img")).toBeNull();
  });

  it("says what a JSON without authnCtx has", async () => {
    const alert = await alertFor(JSON.stringify({ requestContext: { authorizer: { principalId: "user", integrationLatency: 9637 } } }));
    expect(alert.textContent).toContain("requestContext.authorizer exists but has keys principalId, integrationLatency");
  });

  it("lists the top-level keys of unrelated JSON", async () => {
    const alert = await alertFor('{"resource":"/","headers":{}}');
    expect(alert.textContent).toContain("top-level keys resource, headers");
  });

  it("rejects decoded JSON that is not an object", async () => {
    const alert = await alertFor(b64('["sub","user"]'));
    expect(alert.textContent).toContain("is an array, not an object");
    expect(within(alert).getByTestId("error-detail").textContent).toBe('["sub","user"]');
  });

  it("states the limit for oversized input", async () => {
    const alert = await alertFor(`"${"A".repeat(70_000)}"`);
    expect(alert.textContent).toContain("64 KiB");
    expect(alert.textContent).toContain("70,002 bytes");
  });

  it("reports invalid UTF-8", async () => {
    const alert = await alertFor(b64(Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d])));
    expect(alert.textContent).toContain("not valid UTF-8");
    expect(alert.textContent).toContain("Byte 2 of 4 (0xC3)");
  });

  it("goes back to the neutral prompt when the input is cleared", async () => {
    const { user, textarea } = setup();
    await paste(user, textarea, "!!!!");
    await screen.findByRole("alert");
    await user.click(screen.getByRole("button", { name: "Clear" }));
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
    expect(screen.getByTestId("decoder-empty")).toBeTruthy();
    expect(textarea).toHaveProperty("value", "");
    expect(document.activeElement).toBe(textarea);
    // whitespace only is empty too, not an error
    fireEvent.change(textarea, { target: { value: "  \n " } });
    expect(await screen.findByTestId("decoder-empty")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("time claims", () => {
  it("marks an expired token at a fixed now", async () => {
    const { user, textarea } = setup((EXP + 3 * 3600) * 1000);
    await paste(user, textarea, SAMPLE_AUTHN_CTX);
    expect((await screen.findByTestId("time-badge-exp")).textContent).toBe("Expired");
    expect(screen.getByTestId("time-badge-exp").className).toContain("bg-red-100");
    expect(screen.getByTestId("validity-badge").textContent).toBe("Expired");
    expect(screen.getByTestId("time-relative-exp").textContent).toBe("expired 3 hours ago");
    expect(screen.getByTestId("time-utc-exp").textContent).toBe("26 Nov 2020, 12:15:50 UTC");
    expect(screen.getByTestId("time-local-exp").textContent).toContain("2020");
    expect(screen.getByTestId("time-relative-iat").textContent).toBe("issued 4 hours ago");
  });

  it("marks a token that is not yet valid", async () => {
    const { user, textarea } = setup((NBF - 5 * 60) * 1000);
    await paste(user, textarea, SAMPLE_AUTHN_CTX);
    expect((await screen.findByTestId("time-badge-nbf")).textContent).toBe("Not yet valid");
    expect(screen.getByTestId("time-badge-nbf").className).toContain("bg-amber-100");
    expect(screen.getByTestId("validity-badge").textContent).toBe("Not yet valid");
    expect(screen.getByTestId("time-relative-nbf").textContent).toBe("not valid for another 5 minutes");
    expect(screen.getByTestId("time-badge-exp").textContent).toBe("Valid");
  });

  it("marks a valid token", async () => {
    const { user, textarea } = setup((EXP - 55 * 60) * 1000);
    await paste(user, textarea, SAMPLE_AUTHN_CTX);
    expect((await screen.findByTestId("time-badge-exp")).textContent).toBe("Valid");
    expect(screen.getByTestId("time-badge-exp").className).toContain("bg-green-100");
    expect(screen.getByTestId("time-badge-nbf").textContent).toBe("Valid");
    expect(screen.getByTestId("validity-badge").textContent).toBe("Valid");
    expect(screen.getByTestId("time-relative-exp").textContent).toBe("valid for 55 more minutes");
  });
});

describe("sample, JSON view and copy", () => {
  it("loads the guide's sample event with one click", async () => {
    const { user, textarea } = setup();
    await user.click(screen.getByRole("button", { name: "Load sample" }));
    expect(textarea).toHaveProperty("value", SAMPLE_EVENT);
    expect(await claimValue("tid")).toBe("qky1fzhg8oo6g10dlyqp");
    expect(await claimValue("sub")).toBe("user");
    expect(screen.getByRole("status").textContent).toContain("requestContext.authorizer.authnCtx");
  });

  it("collapses and expands the JSON tree", async () => {
    const { user, textarea } = setup();
    await paste(user, textarea, SAMPLE_AUTHN_CTX);
    const tree = await screen.findByRole("group", { name: "Decoded JSON" });
    const spiffe = '"spiffe://dev.acp.int.cloudentity.com/qky1fzhg8oo6g10dlyqp/default/buvosf84mq0dnvc30rug"';
    expect(within(tree).getByText(spiffe)).toBeTruthy();
    expect(within(tree).getByRole("button", { name: "aud" }).getAttribute("aria-expanded")).toBe("true");

    await user.click(screen.getByRole("button", { name: "Collapse all" }));
    expect(within(tree).getByRole("button", { name: "aud" }).getAttribute("aria-expanded")).toBe("false");
    expect(within(tree).queryByText(spiffe)).toBeNull();
    expect(within(tree).getByText('"user"')).toBeTruthy(); // scalars at the top stay visible
    expect(within(tree).getByText("… 2 items")).toBeTruthy();

    await user.click(within(tree).getByRole("button", { name: "aud" }));
    expect(within(tree).getByText(spiffe)).toBeTruthy();
    await user.click(within(tree).getByRole("button", { name: "aud" }));
    expect(within(tree).queryByText(spiffe)).toBeNull();

    await user.click(screen.getByRole("button", { name: "Expand all" }));
    expect(within(tree).getByText(spiffe)).toBeTruthy();
  });

  it("copies the decoded JSON with navigator.clipboard", async () => {
    const { user, textarea } = setup();
    await paste(user, textarea, SAMPLE_AUTHN_CTX);
    const write = vi.spyOn(navigator.clipboard, "writeText");
    await user.click(await screen.findByRole("button", { name: "Copy JSON" }));
    expect(write).toHaveBeenCalledTimes(1);
    const copied = JSON.parse(write.mock.calls[0]?.[0] ?? "null") as Record<string, unknown>;
    expect(copied.tid).toBe("qky1fzhg8oo6g10dlyqp");
    expect(copied.exp).toBe(EXP);
    expect(await screen.findByText("Copied")).toBeTruthy();
  });

  it("falls back to execCommand when the clipboard API is refused", async () => {
    const { user, textarea } = setup();
    await paste(user, textarea, SAMPLE_AUTHN_CTX);
    vi.spyOn(navigator.clipboard, "writeText").mockRejectedValue(new Error("denied"));
    const exec = vi.fn().mockReturnValue(true);
    Object.defineProperty(document, "execCommand", { value: exec, configurable: true, writable: true });
    try {
      await user.click(await screen.findByRole("button", { name: "Copy JSON" }));
      expect(exec).toHaveBeenCalledWith("copy");
      expect(await screen.findByText("Copied")).toBeTruthy();
    } finally {
      Reflect.deleteProperty(document, "execCommand");
    }
  });

  it("offers the JSON selected for a manual copy when nothing else works", async () => {
    const { user, textarea } = setup();
    await paste(user, textarea, SAMPLE_AUTHN_CTX);
    vi.spyOn(navigator.clipboard, "writeText").mockRejectedValue(new Error("denied"));
    expect(typeof (document as { execCommand?: unknown }).execCommand).not.toBe("function");
    await user.click(await screen.findByRole("button", { name: "Copy JSON" }));
    const manual = await screen.findByRole("textbox", { name: "JSON to copy" });
    expect(JSON.parse((manual as HTMLTextAreaElement).value)).toMatchObject({ sub: "user", tid: "qky1fzhg8oo6g10dlyqp" });
    expect(screen.getByText(/press Ctrl\+C/)).toBeTruthy();
    expect(screen.queryByText("Copied")).toBeNull();
  });
});

describe("privacy", () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it("never sends, stores or puts the input in the URL", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockRejectedValue(new Error("no network in this test"));
    const xhrOpen = vi.spyOn(XMLHttpRequest.prototype, "open");
    const href = window.location.href;
    const { user, textarea, container } = setup();

    await paste(user, textarea, SAMPLE_AUTHN_CTX);
    await screen.findByTestId("claim-row-sub");
    await user.clear(textarea);
    await paste(user, textarea, "not base64!");
    await screen.findByRole("alert");
    await user.click(screen.getByRole("button", { name: "Load sample" }));
    await screen.findByTestId("claim-row-tid");
    await user.keyboard("{Enter}");
    await user.click(screen.getByRole("button", { name: "Copy JSON" }));

    expect(fetchSpy).not.toHaveBeenCalled();
    expect(xhrOpen).not.toHaveBeenCalled();
    expect(window.location.href).toBe(href);
    expect(window.location.href).not.toContain("eyJhY3Ii");
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(container.querySelector("form")).toBeNull();
    expect(textarea.getAttribute("name")).toBeNull();
    expect(textarea.getAttribute("spellcheck")).toBe("false");
  });
});
