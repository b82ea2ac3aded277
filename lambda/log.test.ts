import { describe, expect, it } from "vitest";
import { Logger } from "./log";

describe("Logger", () => {
  it("writes one JSON object per line, respects the level and redacts secrets", () => {
    const lines: string[] = [];
    const log = new Logger("info", (l) => lines.push(l), () => 0);
    log.debug("hidden");
    log.info("shown", { client_secret: "s3cret", nested: { authorization: "Bearer x", ok: 1 }, token_reason: "expired", err: new Error("boom") });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    expect(JSON.parse(lines[0]!)).toEqual({
      level: "info",
      time: "1970-01-01T00:00:00.000Z",
      msg: "shown",
      client_secret: "[redacted]",
      nested: { authorization: "[redacted]", ok: 1 },
      token_reason: "expired",
      err: { name: "Error", message: "boom" },
    });
    log.setLevel("debug");
    log.debug("now shown");
    expect(lines).toHaveLength(2);
  });
});
