import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The rule of docs/architecture.md § Server-only modules, checked over the sources: a lib/ module
 * that reaches the database, AWS, keys or the caller starts with `import "server-only"`, and no
 * code that runs in the browser or in the authorizer imports it.
 */
const root = path.resolve(import.meta.dirname, "../..");

/** Packages that reach the database, AWS or keys. */
const SERVER_PACKAGES = /^(drizzle-orm(\/.*)?|pg|@electric-sql\/.+|@aws-sdk\/.+|@smithy\/.+|jose|next-auth(\/.*)?)$/;
/** Secrets, the environment that holds them, and the route wrappers that resolve the caller. */
const ALWAYS = [
  "lib/env.ts",
  "lib/auth/caller.ts",
  "lib/auth/next-auth-route.ts",
  "lib/auth/secret.ts",
  "lib/api/route.ts",
  "lib/api/system-route.ts",
];
const ALWAYS_UNDER = ["lib/crypto/"];
/** Table declarations only; drizzle-kit loads it outside the console. */
const EXEMPT = ["lib/db/schema.ts"];

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts"))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .filter((f) => !f.includes("/migrations/"))
    .sort();
}

/** Specifiers of the value imports (not `import type`), multi-line ones included. */
function valueImports(text: string): string[] {
  return [...text.matchAll(/^import\s+(?!type\b)(?:[^;]*?\bfrom\s+)?"([^"]+)"/gms)].map((m) => m[1]!);
}

const marked = (text: string) => /^import "server-only";$/m.test(text);

function mustBeServerOnly(file: string, text: string): boolean {
  if (EXEMPT.includes(file)) return false;
  if (ALWAYS.includes(file) || ALWAYS_UNDER.some((d) => file.startsWith(d))) return true;
  return valueImports(text).some((s) => SERVER_PACKAGES.test(s));
}

describe("server-only", () => {
  it("every lib/ module that reaches the database, AWS, keys or the caller imports it, before anything else", () => {
    const missing: string[] = [];
    const notFirst: string[] = [];
    for (const file of sources("lib")) {
      const text = readFileSync(path.join(root, file), "utf8");
      if (!mustBeServerOnly(file, text)) continue;
      if (!marked(text)) missing.push(file);
      else if (valueImports(text)[0] !== "server-only") notFirst.push(file);
    }
    expect(missing).toEqual([]);
    expect(notFirst).toEqual([]);
  });

  it("the rule finds what it is about", () => {
    expect(mustBeServerOnly("lib/db/client.ts", readFileSync(path.join(root, "lib/db/client.ts"), "utf8"))).toBe(true);
    expect(mustBeServerOnly("lib/x.ts", 'import {\n  eq,\n  and,\n} from "drizzle-orm";\n')).toBe(true);
    expect(mustBeServerOnly("lib/x.ts", 'import type { Db } from "./db/client";\nimport { z } from "zod";\n')).toBe(false);
  });

  it("nothing that runs in the browser or the authorizer imports it", () => {
    const offenders = ["components", "policy", "protocol", "lambda"]
      .flatMap(sources)
      .filter((file) => valueImports(readFileSync(path.join(root, file), "utf8")).includes("server-only"));
    expect(offenders).toEqual([]);
  });
});
