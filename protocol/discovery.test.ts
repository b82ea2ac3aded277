import { describe, expect, it } from "vitest";
import { setGatewayConfigurationSchema, type ApiGroupPush, type SetGatewayConfigurationRequest } from "./discovery";

const group = (id: string, apis: unknown[] = [{ method: "GET", path: "/pets", api_type: "rest" }]) => ({
  id,
  name: `PetStore (${id})`,
  metadata: { type: "aws" as const, aws: { api_id: "a1b2c3", api_name: "PetStore", stage: id } },
  apis: apis as ApiGroupPush["apis"],
});

/** The issues of a refused push, as `path: message`. */
function refused(body: unknown): string[] {
  const r = setGatewayConfigurationSchema.safeParse(body);
  if (r.success) throw new Error(`accepted ${JSON.stringify(body)}`);
  return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("setGatewayConfigurationSchema (the discovered-groups push)", () => {
  it("accepts what the authorizer pushes, unchanged", () => {
    const push: SetGatewayConfigurationRequest = { api_groups: [group("prod"), group("dev", [])], complete: true };
    expect(setGatewayConfigurationSchema.parse(push)).toEqual(push);
  });

  it("normalizes: upper-cases methods, defaults api_type to rest and apis to none, keeps unknown properties", () => {
    const body = { api_groups: [{ ...group("prod", [{ method: "get", path: "/", extra: 1 }]), apis: undefined }, group("dev", [{ method: "any", path: "/{proxy+}" }])], later: "x" };
    const parsed = setGatewayConfigurationSchema.parse(body);
    expect(parsed.api_groups[0]!.apis).toEqual([]);
    expect(parsed.api_groups[1]!.apis).toEqual([{ method: "ANY", path: "/{proxy+}", api_type: "rest" }]);
    expect(setGatewayConfigurationSchema.parse({ api_groups: [group("x", [{ method: "get", path: "/", extra: 1 }])] }).api_groups[0]!.apis).toEqual([
      { method: "GET", path: "/", api_type: "rest", extra: 1 },
    ]);
    expect(parsed).toMatchObject({ later: "x" });
  });

  it.each<[string, unknown, string]>([
    ["an unknown method", { api_groups: [group("p", [{ method: "FETCH", path: "/" }])] }, "api_groups.0.apis.0.method: method must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY"],
    ["a relative path", { api_groups: [group("p", [{ method: "GET", path: "pets" }])] }, "api_groups.0.apis.0.path: path must start with / and contain no spaces, ? or #"],
    ["a query in a path", { api_groups: [group("p", [{ method: "GET", path: "/pets?x=1" }])] }, "api_groups.0.apis.0.path: path must start with / and contain no spaces, ? or #"],
    ["a path over 1024 characters", { api_groups: [group("p", [{ method: "GET", path: `/${"a".repeat(1024)}` }])] }, "api_groups.0.apis.0.path: at most 1024 characters"],
    ["an empty group id", { api_groups: [{ ...group("p"), id: "" }] }, "api_groups.0.id: cannot be empty"],
    ["a group name over 200 characters", { api_groups: [{ ...group("p"), name: "n".repeat(201) }] }, "api_groups.0.name: at most 200 characters"],
    ["metadata of another type", { api_groups: [{ ...group("p"), metadata: { type: "azure", aws: { api_id: "a", api_name: "", stage: "s" } } }] }, "api_groups.0.metadata.type: metadata.type must be aws"],
    ["an empty stage", { api_groups: [{ ...group("p"), metadata: { type: "aws", aws: { api_id: "a", api_name: "", stage: "" } } }] }, "api_groups.0.metadata.aws.stage: cannot be empty"],
    ["a repeated group id", { api_groups: [group("p"), group("p")] }, "api_groups: api_groups repeats a group id"],
    ["a non-boolean complete", { api_groups: [], complete: "yes" }, "complete: complete must be a boolean"],
    ["more than 1000 groups", { api_groups: Array.from({ length: 1001 }, (_, i) => group(`g${i}`, [])) }, "api_groups: at most 1000 API groups per push"],
    ["more than 5000 APIs in a group", { api_groups: [group("p", Array.from({ length: 5001 }, (_, i) => ({ method: "GET", path: `/r${i}` })))] }, "api_groups.0.apis: at most 5000 APIs per group"],
  ])("refuses %s", (_what, body, issue) => {
    expect(refused(body)).toContain(issue);
  });

  it("refuses a body without api_groups, or not an object", () => {
    expect(refused({})[0]).toMatch(/^api_groups: /);
    expect(refused("nope")).toHaveLength(1);
    expect(refused({ api_groups: [group("p", [{ method: 1, path: "/" }])] })[0]).toMatch(/^api_groups\.0\.apis\.0\.method: /);
  });
});
