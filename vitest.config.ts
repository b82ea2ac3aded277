import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: [
      { find: "@", replacement: root },
      // Server entry modules `import "server-only"` (docs/architecture.md), which throws outside
      // the `react-server` condition. The tests run them on the server side, as Next.js does:
      // the package's own empty module, the one `react-server` resolves to.
      { find: /^server-only$/, replacement: path.join(root, "node_modules", "server-only", "empty.js") },
    ],
  },
};
const exclude = ["node_modules/**", ".next/**", ".next-*/**", "e2e/**", "data/**", "dist/**"];

/** `*.int.test.ts` on one database engine (test/setup-db.ts reads GATEHOUSE_TEST_DB). */
function integrationProject(name: string, engine: "pglite" | "postgres", alsoExclude: string[] = []) {
  return {
    ...shared,
    test: {
      name,
      include: ["**/*.int.test.ts"],
      exclude: [...exclude, ...alsoExclude],
      environment: "node" as const,
      setupFiles: [path.join(root, "test/setup-db.ts")],
      globalSetup: [path.join(root, "test/authorizer-artifact.global.ts")],
      env: { GATEHOUSE_TEST_DB: engine },
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  };
}

/**
 * unit: `*.test.ts(x)` anywhere (component tests opt into jsdom with a docblock).
 * integration: `*.int.test.ts`, run once on PGlite and — when TEST_DATABASE_URL names a server,
 * as .ci/run arranges — once more on real PostgreSQL. Each file gets its own fresh database, and
 * the run builds the authorizer artifact first (the console serves the built zip, as in production).
 */
export default defineConfig({
  ...shared,
  test: {
    // The JSON report is what .ci/run counts for its closing "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
    projects: [
      {
        ...shared,
        test: { name: "unit", include: ["**/*.test.{ts,tsx}"], exclude: [...exclude, "**/*.int.test.ts"], environment: "node" },
      },
      integrationProject("int-pglite", "pglite"),
      ...(process.env.TEST_DATABASE_URL
        ? // The model-based test checks AWS and the data plane, not the database engine: once is enough.
          [integrationProject("int-postgres", "postgres", ["test/model/**"])]
        : []),
    ],
  },
});
