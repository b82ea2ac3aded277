import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { closeDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetSecretKeyCache } from "@/lib/crypto/secrets";

/**
 * Gives each integration test file its own database on the engine its project names:
 * a fresh PGlite folder, or a fresh database on the PostgreSQL server of TEST_DATABASE_URL.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-test-"));
process.env.GATEHOUSE_DATA_DIR = dataDir;
process.env.GATEHOUSE_SECRET_KEY = randomBytes(32).toString("base64");
process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64");
process.env.NEXTAUTH_URL = "http://localhost:3999";
process.env.ADMIN_PASSWORD = "integration-admin-password";
delete process.env.DATABASE_URL;
delete process.env.OIDC_ISSUER;

let dropDatabase: (() => Promise<void>) | undefined;

if (process.env.GATEHOUSE_TEST_DB === "postgres") {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is required for the postgres project");
  const name = `gatehouse_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
}
resetEnvCache();
resetSecretKeyCache();

afterAll(async () => {
  await closeDb();
  await dropDatabase?.();
  rmSync(dataDir, { recursive: true, force: true });
});
