import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RouteHandler } from "@/lib/api/route";

/**
 * Every /api route file that exists answers 401 without a session or token, except those with
 * an authentication of their own that is checked elsewhere. The list is read from disk, so a new
 * route cannot be forgotten.
 */
const API_DIR = path.join(process.cwd(), "app", "api");
const PUBLIC = new Set(["health/route.ts", "health/live/route.ts", "auth/[...nextauth]/route.ts"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return entry === "route.ts" ? [full] : [];
  });
}

/** Fill dynamic segments with plausible values, so a handler gets as far as its auth check. */
function paramsFor(file: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of file.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)) params[m[1]!] = "00000000-0000-4000-8000-000000000000";
  return params;
}

const files = routeFiles(API_DIR).map((f) => path.relative(API_DIR, f).split(path.sep).join("/"));

describe("every /api route needs authentication", () => {
  it("finds the route files", () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files).toContain("admin/default/users/route.ts");
  });

  const guarded = files.filter((f) => !PUBLIC.has(f));
  it.each(guarded)("%s answers 401 without credentials", async (file) => {
    const mod = (await import(/* @vite-ignore */ path.join(API_DIR, file))) as Partial<Record<(typeof METHODS)[number], RouteHandler>>;
    const exported = METHODS.filter((m) => typeof mod[m] === "function");
    expect(exported.length).toBeGreaterThan(0);
    for (const method of exported) {
      const url = `http://localhost:3999/api/${file.replace(/\/route\.ts$/, "")}`;
      const res = await mod[method]!(
        new Request(url, { method, headers: { "content-type": "application/json" }, body: method === "GET" ? undefined : "{}" }),
        { params: Promise.resolve(paramsFor(file)) },
      );
      expect(res.status, `${method} ${file}`).toBe(401);
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      expect(body.error?.message, `${method} ${file}`).toBeTruthy();
    }
  });

  it("with a bad bearer token too", async () => {
    const { GET } = await import("./admin/default/users/route");
    const res = await GET(new Request("http://localhost:3999/api/admin/default/users", { headers: { authorization: "Bearer gth_nope" } }), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(401);
  });

  it("health is public and reports the database", async () => {
    const { GET } = await import("./health/route");
    const res = await GET(new Request("http://localhost:3999/api/health"), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: { ok: true } });
  });
});
