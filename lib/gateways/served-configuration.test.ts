import { describe, expect, it } from "vitest";
import { acceptsGzip } from "./served-configuration";

describe("acceptsGzip (RFC 9110 § 12.5.3)", () => {
  it.each([
    ["gzip, deflate, br", true],
    ["GZIP", true],
    ["x-gzip", true],
    ["br;q=1.0, gzip;q=0.5", true],
    ["gzip;q=0", false],
    ["gzip; q=0.000", false],
    ["identity", false],
    ["*", true],
    ["*;q=0", false],
    ["*, gzip;q=0", false],
    ["", false],
  ])("%j → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
  it("no header → identity", () => expect(acceptsGzip(null)).toBe(false));
});
