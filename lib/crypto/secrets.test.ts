import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env";
import { decryptSecret, encryptSecret, parseMasterKey, resetSecretKeyCache } from "./secrets";

const saved = { ...process.env };
beforeEach(() => {
  process.env.GATEHOUSE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "gatehouse-secrets-"));
  delete process.env.GATEHOUSE_SECRET_KEY;
  resetEnvCache();
  resetSecretKeyCache();
});
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
  resetSecretKeyCache();
});

describe("secrets at rest", () => {
  it("round-trips and never stores the plaintext", () => {
    const stored = encryptSecret("client-secret-value");
    expect(stored).not.toContain("client-secret-value");
    expect(stored.startsWith("v1.")).toBe(true);
    expect(decryptSecret(stored)).toBe("client-secret-value");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same")).not.toBe(encryptSecret("same"));
  });

  it("detects tampering and a wrong associated context", () => {
    const stored = encryptSecret("value", "gateway:1");
    const parts = stored.split(".");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString("base64url");
    expect(() => decryptSecret(parts.join("."))).toThrow();
    expect(() => decryptSecret(stored, "gateway:2")).toThrow();
    expect(decryptSecret(stored, "gateway:1")).toBe("value");
  });

  it("generates a key on first use, keeps it in the data folder (0600), and reuses it", () => {
    const stored = encryptSecret("persisted");
    const file = path.join(process.env.GATEHOUSE_DATA_DIR!, "secret.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseMasterKey(readFileSync(file, "utf8")).length).toBe(32);
    resetSecretKeyCache();
    expect(decryptSecret(stored)).toBe("persisted");
  });

  it("uses GATEHOUSE_SECRET_KEY when set, so another key cannot decrypt", () => {
    process.env.GATEHOUSE_SECRET_KEY = randomBytes(32).toString("base64");
    resetEnvCache();
    const stored = encryptSecret("from-env-key");
    process.env.GATEHOUSE_SECRET_KEY = randomBytes(32).toString("hex");
    resetEnvCache();
    resetSecretKeyCache();
    expect(() => decryptSecret(stored)).toThrow();
  });

  it("rejects keys that are not 32 bytes", () => {
    expect(() => parseMasterKey("too-short")).toThrow(/32 random bytes/);
    expect(() => parseMasterKey(randomBytes(16).toString("hex"))).toThrow();
    expect(parseMasterKey(randomBytes(32).toString("hex")).length).toBe(32);
  });
});
