import { describe, expect, it } from "vitest";
import type { Outcome } from "../decision/decide";
import type { AuthorizerRequest } from "../events/parse";
import { toDecisionEvent } from "./event";

describe("decision events", () => {
  it("leave credential-like keys of the claims out of the context", () => {
    const claims = { sub: "dan", scp: ["a"], cookie: "s=1", "x-api-key": "k", upstream_token: "t", ctx: { client_secret: "x", tenant: "acme" } };
    const outcome: Outcome = { effect: "Allow", reason: "policy_passed", route: null, claims, failures: [], tokenFailure: null, shadow: null };
    const req = { userAgent: "ua", arn: { verb: "GET", path: "/pets" }, headers: {} } as unknown as AuthorizerRequest;
    const event = toDecisionEvent({ req, outcome, durationMs: 1 });
    expect(event.invocation_ctx).toEqual({ sub: "dan", scp: ["a"], ctx: { tenant: "acme" } });
    expect(claims.cookie).toBe("s=1"); // a copy: the decision's claims are untouched
  });
});
