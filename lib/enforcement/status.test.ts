import { describe, expect, it } from "vitest";
import type { StageMethodState } from "../db/schema";
import { enforcementStatus, stageNeedsDeployment, type StatusInput } from "./status";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const at = (s: number) => new Date(NOW - s * 1000);

/** A method as read from AWS; a CUSTOM deployment runs our authorizer unless a test says otherwise. */
function method(attachment: StageMethodState["attachment"], deployed: string | null): StageMethodState {
  return {
    method: "GET", path: "/pets", attachment,
    authorizationType: attachment === "ours" || attachment === "foreign" ? "CUSTOM" : attachment === "none" ? "NONE" : "AWS_IAM",
    authorizerId: attachment === "ours" ? "a1" : null, deployedAuthorizationType: deployed, deployedAuthorizer: deployed === "CUSTOM" ? "ours" : null,
  };
}

function input(m: StageMethodState | null, over: Partial<StatusInput> = {}): StatusInput {
  return {
    hasPolicy: true,
    policyChangedAt: at(600),
    connected: true,
    gone: false,
    stage: m ? { checkedAt: at(5), error: null, methods: [m], cacheFlushedAt: null, authorizerTtlSeconds: 0 } : null,
    method: "GET",
    path: "/pets",
    functionDeleted: false,
    gateway: { configRevision: 3, configFetchedRevision: 3, configFetchedAt: at(300), reloadIntervalMs: 5000 },
    now: NOW,
    ...over,
  };
}

describe("enforcementStatus", () => {
  it("is Enforced only when attached, deployed and fetched", () => {
    expect(enforcementStatus(input(method("ours", "CUSTOM"))).code).toBe("enforced");
  });

  it("a policy on a stage deployed without the authorizer is open at the gateway, attached or not", () => {
    expect(enforcementStatus(input(method("ours", "NONE"))).code).toBe("open_at_gateway");
    expect(enforcementStatus(input(method("none", "NONE"))).code).toBe("open_at_gateway");
    expect(enforcementStatus(input(method("foreign", null))).code).toBe("open_at_gateway");
  });

  it("a stage deployed with another gateway's authorizer applies none of this gateway's policies (found by the model test)", () => {
    const m = { ...method("ours", "CUSTOM"), deployedAuthorizer: "foreign" as const };
    expect(enforcementStatus(input(m)).code).toBe("open_at_gateway");
    expect(enforcementStatus(input(m, { hasPolicy: false })).code).toBe("attached_not_deployed");
    expect(stageNeedsDeployment([m])).toBe(true);
    expect(enforcementStatus(input({ ...m, deployedAuthorizer: "ours" })).code).toBe("enforced");
  });

  it("a gateway whose stack was deleted still shows a policy the deployed stage lets through as open (found by the model test)", () => {
    // Read after the stack was deleted: its former function's authorizer counts as nobody's now.
    const gone = { functionDeleted: true };
    expect(enforcementStatus(input(method("foreign", "NONE"), gone)).code).toBe("open_at_gateway");
    expect(enforcementStatus(input(method("none", null), gone)).code).toBe("open_at_gateway");
    expect(enforcementStatus(input({ ...method("foreign", "CUSTOM"), deployedAuthorizer: "foreign" }, gone)).code).toBe("open_at_gateway");
    // The deployed stage runs the deleted function: API Gateway answers 500 — never shown protected, nor open.
    const deletedFn = { ...method("foreign", "CUSTOM"), deployedAuthorizer: "gone" as const };
    expect(enforcementStatus(input(deletedFn, gone)).code).toBe("unknown");
    expect(enforcementStatus(input(deletedFn, { ...gone, hasPolicy: false })).code).toBe("unknown");
    // Read while the function still ran, shown once the stack is found deleted: not Enforced any more.
    expect(enforcementStatus(input(method("ours", "CUSTOM"), gone)).code).toBe("unknown");
    expect(enforcementStatus(input(method("ours", "CUSTOM"), { ...gone, hasPolicy: false })).code).toBe("unknown");
    expect(enforcementStatus(input(method("none", "NONE"), { ...gone, hasPolicy: false })).code).toBe("unknown");
    expect(stageNeedsDeployment([{ ...method("ours", "CUSTOM"), deployedAuthorizer: "gone" }])).toBe(true);
  });

  it("without a policy, an undeployed attachment is only Attached, not deployed", () => {
    expect(enforcementStatus(input(method("ours", "NONE"), { hasPolicy: false })).code).toBe("attached_not_deployed");
    expect(enforcementStatus(input(method("none", "NONE"), { hasPolicy: false })).code).toBe("not_attached");
  });

  it("a deployed stage whose method lost our authorizer is Not attached (the next deployment would open it)", () => {
    expect(enforcementStatus(input(method("none", "CUSTOM"))).code).toBe("not_attached");
    expect(enforcementStatus(input(method("foreign", "CUSTOM"), { hasPolicy: false })).code).toBe("not_attached");
    // With a policy, another gateway's authorizer on the method means nobody applies it (found by the model test).
    expect(enforcementStatus(input(method("foreign", "CUSTOM"))).code).toBe("open_at_gateway");
  });

  it("an assignment the authorizer has not fetched is Live at the next reload, then live one reload interval after the fetch", () => {
    const notFetched = { configRevision: 4, configFetchedRevision: 3, configFetchedAt: at(300), reloadIntervalMs: 5000 };
    expect(enforcementStatus(input(method("ours", "CUSTOM"), { policyChangedAt: at(10), gateway: notFetched })).code).toBe("live_at_next_reload");
    const justFetched = { configRevision: 4, configFetchedRevision: 4, configFetchedAt: at(2), reloadIntervalMs: 5000 };
    const s = enforcementStatus(input(method("ours", "CUSTOM"), { policyChangedAt: at(10), gateway: justFetched }));
    expect(s.code).toBe("live_at_next_reload");
    expect(s.live_at).toBe(new Date(NOW + 3000).toISOString());
    // An old change with newer unrelated revisions since: a fetch well after it carried it.
    expect(enforcementStatus(input(method("ours", "CUSTOM"), { policyChangedAt: at(600), gateway: notFetched })).code).toBe("enforced");
  });

  it("with caching on, a recent change shows cached decisions until the TTL ends, unless flushed after it", () => {
    const m = method("ours", "CUSTOM");
    const stage = { checkedAt: at(5), error: null, methods: [m], cacheFlushedAt: null, authorizerTtlSeconds: 300 };
    const cached = enforcementStatus(input(m, { stage, policyChangedAt: at(60), gateway: { configRevision: 2, configFetchedRevision: 2, configFetchedAt: at(59), reloadIntervalMs: 5000 } }));
    expect(cached.code).toBe("cached");
    expect(cached.cached_until).toBe(new Date(NOW - 59_000 + 5000 + 300_000).toISOString());
    const flushed = enforcementStatus(input(m, { stage: { ...stage, cacheFlushedAt: at(1) }, policyChangedAt: at(60), gateway: { configRevision: 2, configFetchedRevision: 2, configFetchedAt: at(59), reloadIntervalMs: 5000 } }));
    expect(flushed.code).toBe("enforced");
  });

  it("says what it does not know instead of guessing", () => {
    expect(enforcementStatus(input({ ...method("ours", "CUSTOM"), deployedAuthorizer: null })).code).toBe("unknown");
    expect(enforcementStatus(input({ ...method("ours", "CUSTOM"), deployedAuthorizer: undefined })).code).toBe("unknown");
    expect(enforcementStatus(input(null)).code).toBe("unknown");
    expect(enforcementStatus(input(method("ours", "CUSTOM"), { connected: false })).code).toBe("not_connected");
    expect(enforcementStatus(input(method("ours", "CUSTOM"), { gone: true })).code).toBe("gone");
    expect(enforcementStatus(input(method("ours", "CUSTOM"), { path: "/other" })).code).toBe("unknown");
  });
});

describe("stageNeedsDeployment", () => {
  it("is true exactly when a method this gateway attaches (or will) is deployed without an authorizer", () => {
    expect(stageNeedsDeployment([method("ours", "CUSTOM")])).toBe(false);
    expect(stageNeedsDeployment([method("ours", "NONE")])).toBe(true);
    expect(stageNeedsDeployment([method("none", null)])).toBe(true);
    expect(stageNeedsDeployment([method("foreign", "NONE")])).toBe(false);
    expect(stageNeedsDeployment([method("other", "AWS_IAM")])).toBe(false);
  });
});
