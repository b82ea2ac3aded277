import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildAuthorizerZip } from "../scripts/authorizer-package.mjs";

/** The package the stack deploys: reproducible, one index.js, loadable with Node built-ins alone. */
describe("authorizer package", () => {
  it("is byte-identical for the same sources, holds only index.js, and stays small", async () => {
    const a = await buildAuthorizerZip();
    const b = await buildAuthorizerZip();
    expect(Buffer.from(a.zip).equals(Buffer.from(b.zip))).toBe(true);
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.fileName).toBe(`authorizer-${a.version}.zip`);
    expect(Object.keys(unzipSync(a.zip))).toEqual(["index.js"]);
    expect(a.zip.byteLength).toBeLessThan(250 * 1024);
  }, 60_000);

  it("loads in a bare Node process (no node_modules) and denies when it has no settings", async () => {
    const { code } = await buildAuthorizerZip();
    const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-authorizer-"));
    try {
      writeFileSync(path.join(dir, "index.js"), code);
      const script = `
        const { handler } = require(${JSON.stringify(path.join(dir, "index.js"))});
        handler({ type: "TOKEN", authorizationToken: "Bearer x", methodArn: "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets" })
          .then((r) => console.log("RESULT " + JSON.stringify(r)), (e) => console.log("ERROR " + e.message));`;
      const env = { PATH: process.env.PATH ?? "", NODE_ENV: "production" } as const; // no NODE_PATH: nothing but built-ins resolves
      const run = spawnSync(process.execPath, ["-e", script], { cwd: dir, env, encoding: "utf8", timeout: 20_000 });
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split("\n");
      const result = lines.find((l) => l.startsWith("RESULT "));
      expect(JSON.parse(result!.slice(7))).toMatchObject({ principalId: "anonymous", policyDocument: { Statement: [{ Effect: "Deny" }] } });
      // The invalid-settings line is one JSON object naming the missing variables.
      const error = lines.map((l) => { try { return JSON.parse(l) as Record<string, unknown>; } catch { return null; } }).find((l) => l?.level === "error");
      expect(error?.settings).toEqual(["ACP_ISSUER_URL", "ACP_CLIENT_ID", "ACP_CLIENT_SECRET"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
