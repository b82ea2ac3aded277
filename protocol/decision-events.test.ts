import { describe, expect, it } from "vitest";
import { gatewayRequestEventsSchema, type GatewayRequestEvents } from "./decision-events";

function refused(body: unknown): string[] {
  const r = gatewayRequestEventsSchema.safeParse(body);
  if (r.success) throw new Error(`accepted ${JSON.stringify(body)}`);
  return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

const event = (more: Record<string, unknown> = {}) => ({ events: [{ result: { result: "AUTHORIZED" }, ...more }] });

describe("gatewayRequestEventsSchema (the decision events)", () => {
  it("accepts what the authorizer pushes, every extension present, unchanged", () => {
    const batch: GatewayRequestEvents = {
      events: [
        {
          api_id: "0f4c3d4e-1111-4111-8111-111111111111",
          duration_ms: 0.412,
          result: { result: "UNAUTHORIZED", failure: [{ validator: "token", message: "expired" }, { validator: "scopes", message: "missing", details: "scp" }] },
          invocation_ctx: { sub: "alice", scp: ["pets:read"] },
          user_agent: "curl/8",
          x_forwarded_for: "203.0.113.9",
          x_real_ip: "203.0.113.9",
          shadow: { policy_id: "p-draft", result: "broken", failure: [{ validator: "policy", message: "missing" }] },
          request: { method: "GET", path: "/pets/1", header_names: ["accept", "authorization"] },
        },
        { duration_ms: 1, result: { result: "AUTHORIZED" } },
      ],
    };
    expect(gatewayRequestEventsSchema.parse(batch)).toEqual(batch);
  });

  it("normalizes the request: upper-case method, lower-case header names, none by default; keeps unknown properties", () => {
    const parsed = gatewayRequestEventsSchema.parse(event({ request: { method: "get", path: "/pets" }, token: "ignored-later" }));
    expect(parsed.events[0]!.request).toEqual({ method: "GET", path: "/pets", header_names: [] });
    expect(gatewayRequestEventsSchema.parse(event({ request: { method: "GET", path: "/", header_names: ["X-Trace"] } })).events[0]!.request!.header_names).toEqual(["x-trace"]);
  });

  it.each<[string, unknown, string]>([
    ["a shadow result outside allow, deny, broken", event({ shadow: { policy_id: "p", result: "maybe" } }), "events.0.shadow.result: shadow.result must be allow, deny or broken"],
    ["a shadow without its policy", event({ shadow: { policy_id: "", result: "deny" } }), "events.0.shadow.policy_id: cannot be empty"],
    ["a header name over 256 characters", event({ request: { method: "GET", path: "/", header_names: ["h".repeat(257)] } }), "events.0.request.header_names.0: header names are at most 256 characters"],
    ["more than 200 header names", event({ request: { method: "GET", path: "/", header_names: Array.from({ length: 201 }, (_, i) => `h${i}`) } }), "events.0.request.header_names: at most 200 header names"],
    ["more than 10000 events", { events: Array.from({ length: 10_001 }, () => ({ result: { result: "AUTHORIZED" } })) }, "events: at most 10000 events per push"],
  ])("refuses %s", (_what, body, issue) => {
    expect(refused(body)).toContain(issue);
  });

  it.each<[string, unknown, string]>([
    ["a result outside AUTHORIZED, UNAUTHORIZED", event({ result: { result: "MAYBE" } }), "events.0.result.result"],
    ["a negative duration", event({ duration_ms: -1 }), "events.0.duration_ms"],
    ["a duration over a day", event({ duration_ms: 86_400_001 }), "events.0.duration_ms"],
    ["an api_id over 100 characters", event({ api_id: "a".repeat(101) }), "events.0.api_id"],
    ["more than 50 failures", event({ result: { result: "AUTHORIZED", failure: Array.from({ length: 51 }, () => ({})) } }), "events.0.result.failure"],
    ["a failure message over 2000 characters", event({ result: { result: "AUTHORIZED", failure: [{ message: "m".repeat(2001) }] } }), "events.0.result.failure.0.message"],
    ["an x_real_ip over 100 characters", event({ x_real_ip: "1".repeat(101) }), "events.0.x_real_ip"],
    ["an invocation_ctx that is not an object", event({ invocation_ctx: ["sub"] }), "events.0.invocation_ctx"],
    ["a request method over 16 characters", event({ request: { method: "M".repeat(17), path: "/" } }), "events.0.request.method"],
    ["an empty request path", event({ request: { method: "GET", path: "" } }), "events.0.request.path"],
    ["no events list", {}, "events"],
  ])("refuses %s (at that path)", (_what, body, path) => {
    expect(refused(body).map((i) => i.slice(0, i.indexOf(": ")))).toContain(path);
  });
});
