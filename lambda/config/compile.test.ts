import { describe, expect, it } from "vitest";
import { configurationOf } from "../testkit/platform";
import fc from "fast-check";
import { RouteTable } from "../routing/routes";
import { compileConfiguration, VALID_TEMPLATE } from "./compile";

const base = configurationOf({
  restApiId: "abc123",
  stage: "prod",
  apis: [
    { id: "a1", method: "GET", path: "/pets" },
    { id: "a2", method: "GET", path: "/pets/{petId}", policy_id: "p-ok" },
    { id: "a3", method: "DELETE", path: "/pets/{petId}", policy_id: "p-bad" },
    { id: "a4", method: "POST", path: "/pets", policy_id: "p-missing" },
    { id: "a5", method: "GET", path: "/a/{x+}/b" },
  ],
  policies: [
    { id: "p-ok", validators: [{ name: "true" }] },
    { id: "p-bad", validators: [{ name: "nonsense" }] },
  ],
  issuers: [{ issuer: "https://idp.example", jwks_uri: "https://idp.example/jwks", audiences: ["api"] }],
});

describe("compileConfiguration", () => {
  it("indexes bound groups by REST API and stage; policies compile on first use, broken ones fail closed", () => {
    const reported: string[] = [];
    const r = compileConfiguration(base, (p) => reported.push(p));
    if (!r.ok) throw new Error(r.error);
    const t = r.config.groups.get("abc123/prod");
    const slot = (m: string, p: string) => {
      const policy = t?.byResource(m, p)?.policy;
      if (policy?.kind !== "policy") throw new Error(`${m} ${p} has no policy`);
      return policy.slot;
    };
    expect(t?.byResource("GET", "/pets")?.policy).toEqual({ kind: "unrestricted" });
    expect(reported).toEqual([]); // nothing compiled yet
    expect(slot("GET", "/pets/{petId}").resolve().ok).toBe(true);
    expect(slot("DELETE", "/pets/{petId}").resolve()).toMatchObject({ ok: false, reason: expect.stringContaining("nonsense") as string });
    expect(slot("POST", "/pets").resolve()).toEqual({ ok: false, reason: "the configuration does not contain this policy" });
    slot("POST", "/pets").resolve(); // reported once
    expect(reported).toHaveLength(2);
    expect(reported.join("\n")).toMatch(/p-bad.*cannot be enforced/);
    expect(r.config.stats).toEqual({ groups: 1, apis: 4, policies: 3 });
    expect(r.config.problems.join("\n")).toMatch(/a5.*never match/);
    expect(r.config.connectedRestApis).toEqual(new Set(["abc123"]));
    expect(r.config.issuers).toEqual([{ issuer: "https://idp.example", jwksUri: "https://idp.example/jwks", audiences: ["api"], introspection: false, embeddedJwks: null }]);
    expect(r.config.eventsPerSecond).toBe(10);
  });

  it("falls back to issuer_url/jwks_url without trusted_issuers (a Cloudentity platform)", () => {
    const { trusted_issuers: _t, ...rest } = base;
    const r = compileConfiguration(rest);
    expect(r.ok && r.config.issuers).toEqual([{ issuer: "https://idp.example", jwksUri: "https://idp.example/jwks", audiences: [], introspection: false, embeddedJwks: null }]);
    const none = compileConfiguration({ ...base, trusted_issuers: [] });
    expect(none.ok && none.config.issuers).toEqual([]);
  });

  it("gives shadow policies (shadow_policy_id, ours) the same slots as enforced ones; a missing one resolves to a reason", () => {
    const reported: string[] = [];
    const doc = {
      ...base,
      apis: [
        { id: "s1", service_id: "svc-1", method: "GET", path: "/pets", shadow_policy_id: "p-ok" },
        { id: "s2", service_id: "svc-1", method: "GET", path: "/pets/{petId}", policy_id: "p-ok", shadow_policy_id: "p-bad" },
        { id: "s3", service_id: "svc-1", method: "POST", path: "/pets", shadow_policy_id: "p-ghost" },
        { id: "s4", service_id: "svc-1", method: "PUT", path: "/pets", shadow_policy_id: null },
      ],
    };
    const r = compileConfiguration(doc, (p) => reported.push(p));
    if (!r.ok) throw new Error(r.error);
    const t = r.config.groups.get("abc123/prod")!;
    const list = t.byResource("GET", "/pets")!;
    const read = t.byResource("GET", "/pets/{petId}")!;
    expect(list.policy).toEqual({ kind: "unrestricted" });
    expect(list.shadow).toBe(read.policy.kind === "policy" ? read.policy.slot : "not a policy"); // one slot, one compilation
    expect(read.shadow?.resolve()).toMatchObject({ ok: false, reason: expect.stringContaining("nonsense") as string });
    expect(reported).toEqual([expect.stringMatching(/^policy "p-bad" \(p-bad\) is a broken shadow policy: it denies nothing/)]);
    expect(t.byResource("POST", "/pets")!.shadow?.resolve()).toEqual({ ok: false, reason: "the configuration does not contain this policy" });
    expect(t.byResource("PUT", "/pets")!.shadow).toBeNull();
    expect(compileConfiguration({ ...doc, apis: [{ ...doc.apis[0], shadow_policy_id: 7 }] })).toMatchObject({ ok: false, error: expect.stringContaining("apis.0.shadow_policy_id") as string });
  });

  it("refuses a malformed document whole", () => {
    expect(compileConfiguration({ apis: [{ id: "x" }] })).toMatchObject({ ok: false, error: expect.stringContaining("apis.0") as string });
    expect(compileConfiguration("nope").ok).toBe(false);
    expect(compileConfiguration({}).ok).toBe(true);
  });
});

describe("VALID_TEMPLATE", () => {
  it("accepts exactly the resource paths a route table accepts (paths are checked on arrival, tables built on first use)", () => {
    const segment = fc.oneof(
      fc.constantFrom("pets", "{id}", "{proxy+}", "{+}", "{}", "{a{b}", "a}", "{x", "x+", "{a+b}", "{+a}", "", "v1.2", "~x", "{{+}", "{}+}", "{a}}"),
      fc.string({ unit: fc.constantFrom("a", "{", "}", "+", "-"), maxLength: 4 }),
    );
    const path = fc.array(segment, { maxLength: 5 }).map((s) => `/${s.join("/")}`);
    fc.assert(
      fc.property(path, fc.boolean(), (p, trailing) => {
        const text = trailing ? `${p}/` : p;
        expect(VALID_TEMPLATE.test(text), text).toBe(new RouteTable<number>().add("GET", text, 1));
      }),
      { numRuns: 20_000 },
    );
  });
});
