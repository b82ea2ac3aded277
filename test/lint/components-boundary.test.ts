import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * components/ reaches the browser: eslint.config.mjs lets it take lib/'s types (`import type`,
 * erased at build) but no value of lib/ and no server-only package. This runs the repository's
 * real configuration (type-aware, as `npm run lint`) on snippets placed at a components/ path.
 */
const root = path.resolve(import.meta.dirname, "../..");
// An existing file, so the type-aware parser finds it in the project; lintText lints the snippet in its place.
const AT = path.join(root, "components", "api-client.ts");
const RULE = "@typescript-eslint/no-restricted-imports";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function restricted(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: AT });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe("components/ imports of server code", { timeout: 120_000 }, () => {
  it("a value import of lib/ is an error, by alias or relative path", async () => {
    expect(await restricted(`import { users } from "@/lib/db/schema";\nexport const t = users;\n`)).toHaveLength(1);
    expect(await restricted(`import { getDb } from "../lib/db/client";\nexport const g = getDb;\n`)).toHaveLength(1);
    expect(await restricted(`import { type Db, getDb } from "@/lib/db/client";\nexport const g: Db | typeof getDb = getDb;\n`)).toHaveLength(1);
  });

  it("server-only and server packages are errors", async () => {
    expect(await restricted(`import "server-only";\nexport const x = 1;\n`)).toHaveLength(1);
    expect(await restricted(`import { eq } from "drizzle-orm";\nexport const e = eq;\n`)).toHaveLength(1);
  });

  it("type-only imports of lib/ pass", async () => {
    expect(await restricted(`import type { Gateway } from "@/lib/db/schema";\nexport type G = Gateway;\n`)).toEqual([]);
    expect(await restricted(`import { type Db } from "@/lib/db/client";\nexport type D = Db;\n`)).toEqual([]);
  });
});
