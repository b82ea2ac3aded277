import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import { closeDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetSecretKeyCache } from "@/lib/crypto/secrets";
import { createPostgresDatabase } from "./postgres-database";

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
  const database = await createPostgresDatabase(serverUrl, "gatehouse_test");
  process.env.DATABASE_URL = database.url;
  dropDatabase = database.drop;
}
resetEnvCache();
resetSecretKeyCache();

afterAll(async () => {
  await closeDb();
  await dropDatabase?.();
  rmSync(dataDir, { recursive: true, force: true });
});
