import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "../data-dir";
import { env } from "../env";

/**
 * Secrets at rest: AES-256-GCM under a master key from GATEHOUSE_SECRET_KEY, or — for the
 * embedded default — a key generated on first start and kept in data/secret.key (mode 0600).
 * Stored form: `v1.<iv>.<tag>.<ciphertext>` (base64url parts), so the format can evolve.
 */

const KEY_FILE = "secret.key";
const VERSION = "v1";

let masterKey: Buffer | undefined;

export function parseMasterKey(raw: string): Buffer {
  const text = raw.trim();
  const candidates: Buffer[] = [];
  if (/^[0-9a-fA-F]{64}$/.test(text)) candidates.push(Buffer.from(text, "hex"));
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) candidates.push(Buffer.from(text, "base64"));
  const key = candidates.find((k) => k.length === 32);
  if (!key) {
    throw new Error(
      "GATEHOUSE_SECRET_KEY must be 32 random bytes, as 64 hex characters or base64 " +
        "(e.g. `openssl rand -base64 32`).",
    );
  }
  return key;
}

function loadMasterKey(): Buffer {
  if (masterKey) return masterKey;
  const fromEnv = env().GATEHOUSE_SECRET_KEY;
  if (fromEnv) {
    masterKey = parseMasterKey(fromEnv);
    return masterKey;
  }
  const file = path.join(/*turbopackIgnore: true*/ dataDir(), KEY_FILE);
  if (existsSync(file)) {
    masterKey = parseMasterKey(readFileSync(file, "utf8"));
    return masterKey;
  }
  const generated = randomBytes(32);
  // "wx": never overwrite a key another process wrote first; reread it instead.
  try {
    writeFileSync(file, generated.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
    masterKey = generated;
  } catch {
    masterKey = parseMasterKey(readFileSync(file, "utf8"));
  }
  return masterKey;
}

/** A key for one purpose, derived from the master key so one secret protects them all. */
export function deriveKey(purpose: string, length = 32): Buffer {
  return Buffer.from(hkdfSync("sha256", loadMasterKey(), Buffer.alloc(0), `gatehouse:${purpose}`, length));
}

function dataKey(): Buffer {
  return deriveKey("secrets-at-rest");
}

export function encryptSecret(plaintext: string, associatedData = ""): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", dataKey(), iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptSecret(stored: string, associatedData = ""): string {
  const [version, iv, tag, ciphertext, ...rest] = stored.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new Error("Encrypted secret has an unknown format.");
  }
  const decipher = createDecipheriv("aes-256-gcm", dataKey(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** For tests that switch data directories or keys. */
export function resetSecretKeyCache(): void {
  masterKey = undefined;
}
