import { describe, expect, it } from "vitest";
import { RouteTable, templateMatches } from "./routes";

function table(entries: [string, string][]) {
  const t = new RouteTable<string>();
  for (const [m, p] of entries) expect(t.add(m, p, `${m} ${p}`)).toBe(true);
  return t;
}

describe("RouteTable", () => {
  const t = table([
    ["GET", "/"],
    ["GET", "/pets"],
    ["POST", "/pets"],
    ["GET", "/pets/{petId}"],
    ["ANY", "/pets/{petId}/toys"],
    ["GET", "/pets/special"],
    ["GET", "/files/{proxy+}"],
    ["ANY", "/{proxy+}"],
  ]);

  it("finds REQUEST events by their resource template, method before ANY", () => {
    expect(t.byResource("GET", "/pets/{petId}")).toBe("GET /pets/{petId}");
    expect(t.byResource("DELETE", "/pets/{petId}/toys")).toBe("ANY /pets/{petId}/toys");
    expect(t.byResource("GET", "/")).toBe("GET /");
    expect(t.byResource("DELETE", "/pets")).toBeUndefined();
    expect(t.byResource("PUT", "/{proxy+}")).toBe("ANY /{proxy+}");
  });

  it("matches concrete paths most specific first", () => {
    expect(t.byPathMatch("GET", "/pets/special")).toBe("GET /pets/special");
    expect(t.byPathMatch("GET", "/pets/42")).toBe("GET /pets/{petId}");
    expect(t.byPathMatch("PATCH", "/pets/42/toys")).toBe("ANY /pets/{petId}/toys");
    expect(t.byPathMatch("GET", "/files/a/b/c")).toBe("GET /files/{proxy+}");
    expect(t.byPathMatch("POST", "/files/a")).toBe("ANY /{proxy+}");
    expect(t.byPathMatch("GET", "/")).toBe("GET /");
    expect(t.byPathMatch("DELETE", "/")).toBeUndefined(); // {proxy+} needs at least one segment
    expect(t.byPathMatch("POST", "/pets/")).toBe("POST /pets");
    expect(t.byPathMatch("DELETE", "/pets/42")).toBe("ANY /{proxy+}");
  });

  it("is case-sensitive on paths and refuses malformed templates", () => {
    const u = new RouteTable<string>();
    expect(u.add("GET", "/a/{proxy+}/b", "x")).toBe(false);
    expect(u.add("GET", "/a/{}", "x")).toBe(false);
    expect(u.add("GET", "/a{b}", "x")).toBe(false);
    expect(u.add("GET", "/Pets", "x")).toBe(true);
    expect(u.byPathMatch("GET", "/pets")).toBeUndefined();
  });
});

describe("templateMatches", () => {
  it("matches concrete paths against one template", async () => {
    const { templateMatches } = await import("./routes");
    expect(templateMatches("/pets/{petId}", "/pets/1")).toBe(true);
    expect(templateMatches("/pets/{petId}", "/pets")).toBe(false);
    expect(templateMatches("/{proxy+}", "/a/b")).toBe(true);
    expect(templateMatches("/", "/")).toBe(true);
    expect(templateMatches("/pets", "/Pets")).toBe(false);
    expect(templateMatches("pets}", "/pets")).toBe(false);
  });
});

describe("templateMatches", () => {
  it("agrees with matching the split path, for templates and paths of every shape", async () => {
    const fc = (await import("fast-check")).default;
    const { splitPath, RouteTable } = await import("./routes");
    const seg = fc.constantFrom("pets", "42", "{id}", "{proxy+}", "", "a", "{x}", "b");
    const pathOf = (segs: string[]) => `/${segs.join("/")}`;
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 4 }), fc.array(fc.constantFrom("pets", "42", "a", "b", "", "x"), { maxLength: 5 }), (t, p) => {
        const template = pathOf(t);
        const path = pathOf(p);
        const table = new RouteTable<number>();
        const valid = table.add("GET", template, 1);
        // The reference: a table holding only this template, matched on the split path.
        const expected = valid && table.byPathMatch("GET", "/" + splitPath(path).join("/")) === 1;
        expect(templateMatches(template, path), `${template} ~ ${path}`).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
