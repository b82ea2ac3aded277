import { describe, expect, it } from "vitest";
import { HOME, safeCallbackPath } from "./callback-url";

const ORIGIN = "http://localhost:3000";

describe("sign-in callback URL", () => {
  it("keeps the console's own pages", () => {
    expect(safeCallbackPath("/gateways", ORIGIN)).toBe("/gateways");
    expect(safeCallbackPath("/policies/abc?tab=x#y", ORIGIN)).toBe("/policies/abc?tab=x#y");
    expect(safeCallbackPath("http://localhost:3000/services", ORIGIN)).toBe("/services");
    expect(safeCallbackPath(["/audit", "//evil.example"], ORIGIN)).toBe("/audit");
  });

  it.each([
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "http://localhost:3001/",
    "https://localhost:3000/",
    "javascript:alert(1)",
    "data:text/html,hi",
    " //evil.example",
    "http://[::1",
  ])("sends %j home", (raw) => {
    expect(safeCallbackPath(raw, ORIGIN)).toBe(HOME);
  });

  it("never answers something a browser reads as another host or a header cannot carry", () => {
    for (const raw of ["http://localhost:3000//evil.example", "/.//evil.example", "/%2F%2Fevil.example", "/a\u0000b", "/\u2028x"]) {
      const path = safeCallbackPath(raw, ORIGIN);
      expect(path, raw).toMatch(/^\/(?![/\\])/);
      expect(path, raw).not.toMatch(/[\u0000-\u001f\u007f\u2028]/);
      expect(new URL(path, ORIGIN).origin, raw).toBe(ORIGIN);
    }
    expect(safeCallbackPath(undefined, ORIGIN)).toBe(HOME);
    expect(safeCallbackPath(42, ORIGIN)).toBe(HOME);
  });
});
