import { describe, expect, it } from "vitest";
import { bearerToken } from "./bearer";

describe("bearerToken", () => {
  it.each([
    [["Bearer abc.def-_~+/=="], "abc.def-_~+/=="],
    [["bearer \t abc  "], "abc"],
    [["BEARER abc", "BEARER abc"], "abc"],
  ])("reads %j", (values, token) => expect(bearerToken(values)).toEqual({ ok: true, token }));

  it.each([[[]], [[""]], [["  "]]])("missing: %j", (values) => expect(bearerToken(values)).toEqual({ ok: false, reason: "missing" }));

  it.each([[["Basic abc"]], [["Bearer"]], [["Bearer "]], [["Bearerabc"]], [["Bearer a b"]], [["Bearer a=b"]], [["Bearer a", "Bearer b"]], [["Token abc"]], [["Bearer ab\u00e9"]]])(
    "malformed: %j",
    (values) => expect(bearerToken(values)).toEqual({ ok: false, reason: "malformed" }),
  );
});
