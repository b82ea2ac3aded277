import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Opaque bearer secrets (admin API tokens, OAuth client secrets): 32 random bytes, shown once,
 * stored only as a SHA-256 digest — their entropy makes a slow hash unnecessary.
 */
export function generateOpaqueToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

export function digestToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
