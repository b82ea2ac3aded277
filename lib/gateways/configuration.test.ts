import { describe, expect, it } from "vitest";
import { etagMatches, strongEtag } from "./configuration";

describe("configuration ETag", () => {
  it("is a strong hash of the body", () => {
    const etag = strongEtag('{"a":1}');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(strongEtag('{"a":1}')).toBe(etag);
    expect(strongEtag('{"a":2}')).not.toBe(etag);
  });

  it("If-None-Match compares weakly and takes lists and *", () => {
    const etag = strongEtag("x");
    expect(etagMatches(etag, etag)).toBe(true);
    expect(etagMatches(`W/${etag}`, etag)).toBe(true);
    expect(etagMatches(`"a", ${etag}`, etag)).toBe(true);
    expect(etagMatches("*", etag)).toBe(true);
    expect(etagMatches('"a"', etag)).toBe(false);
    expect(etagMatches(null, etag)).toBe(false);
  });
});
