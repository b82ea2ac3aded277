import "server-only";
import { desc, gt, isNull, lt, or } from "drizzle-orm";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { recordAudit, type AuditActor } from "../audit/record";
import { decryptSecret, encryptSecret } from "../crypto/secrets";
import type { Db } from "../db/client";
import { signingKeys, type SigningKey } from "../db/schema";
import { keyOverlapSeconds } from "./settings";

/**
 * ES256 keys that sign gateway access tokens. The private half is stored encrypted (associated
 * data: its kid); the newest key that is not retired signs; a rotated-out key stays in the JWKS
 * (and keeps verifying) until its overlap window ends, so tokens it signed live out their TTL.
 */
export const SIGNING_ALG = "ES256";
const CACHE_MS = 60_000;
const privateKeyAad = (kid: string) => `signing_key:${kid}`;

interface ActiveKey {
  kid: string;
  key: CryptoKey;
  loadedAt: number;
}
interface PublicKeys {
  keys: Map<string, { key: CryptoKey; expiresAt: number | null }>;
  loadedAt: number;
}

const cache: { active?: ActiveKey; verify?: PublicKeys; generation: number } = { generation: 0 };

/** Forget cached keys (after a rotation in this process, and for tests). */
export function resetKeyCache(): void {
  cache.active = undefined;
  cache.verify = undefined;
  cache.generation += 1;
}

/** Changes whenever the cached verification keys are dropped: what was verified with them must be again. */
export function verificationKeysGeneration(): number {
  return cache.generation;
}

/** When a cached verification key leaves the JWKS (epoch ms; null: not retired). */
export function verificationKeyExpiry(kid: string): number | null {
  return cache.verify?.keys.get(kid)?.expiresAt ?? null;
}

async function newKeyRow(): Promise<typeof signingKeys.$inferInsert> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = await exportJWK(privateKey);
  return {
    kid,
    alg: SIGNING_ALG,
    privateJwkEncrypted: encryptSecret(JSON.stringify({ ...privateJwk, kid }), privateKeyAad(kid)),
    publicJwk: { ...publicJwk, kid, alg: SIGNING_ALG, use: "sig" },
  };
}

async function newestActive(db: Db): Promise<SigningKey | undefined> {
  const [row] = await db
    .select()
    .from(signingKeys)
    .where(isNull(signingKeys.retiredAt))
    .orderBy(desc(signingKeys.createdAt), desc(signingKeys.kid))
    .limit(1);
  return row;
}

/** The key that signs now; the first call on an empty database creates it. */
export async function activeSigningKey(db: Db): Promise<{ kid: string; key: CryptoKey }> {
  const now = Date.now();
  if (cache.active && now - cache.active.loadedAt < CACHE_MS) return cache.active;
  let row = await newestActive(db);
  if (!row) {
    // Two processes starting together may both insert one; both keys are valid and in the JWKS,
    // and the newest signs from then on.
    await db.insert(signingKeys).values(await newKeyRow()).onConflictDoNothing();
    row = await newestActive(db);
  }
  if (!row) throw new Error("No signing key could be created.");
  const jwk = JSON.parse(decryptSecret(row.privateJwkEncrypted, privateKeyAad(row.kid))) as JWK;
  const key = (await importJWK(jwk, SIGNING_ALG)) as CryptoKey;
  cache.active = { kid: row.kid, key, loadedAt: now };
  return cache.active;
}

const stillPublished = (now: Date) => or(isNull(signingKeys.expiresAt), gt(signingKeys.expiresAt, now));

/** The public keys of the JWKS: every key whose overlap window has not ended. */
export async function publishedKeys(db: Db): Promise<SigningKey[]> {
  return db.select().from(signingKeys).where(stillPublished(new Date())).orderBy(desc(signingKeys.createdAt), desc(signingKeys.kid));
}

export async function jwks(db: Db): Promise<{ keys: Record<string, unknown>[] }> {
  await activeSigningKey(db); // a fresh install publishes its first key before any token exists
  return { keys: (await publishedKeys(db)).map((k) => k.publicJwk) };
}

async function loadPublicKeys(db: Db): Promise<PublicKeys> {
  const keys = new Map<string, { key: CryptoKey; expiresAt: number | null }>();
  for (const row of await publishedKeys(db)) {
    keys.set(row.kid, { key: (await importJWK(row.publicJwk as JWK, SIGNING_ALG)) as CryptoKey, expiresAt: row.expiresAt?.getTime() ?? null });
  }
  return { keys, loadedAt: Date.now() };
}

/**
 * The public key for a token's `kid`, or null when no published key has it. Cached for a minute;
 * an unknown kid reloads at most once a second (a key rotated in by another console instance).
 */
export async function verificationKey(db: Db, kid: string | undefined): Promise<CryptoKey | null> {
  if (!kid) return null;
  const now = Date.now();
  const fresh = cache.verify && now - cache.verify.loadedAt < CACHE_MS;
  let hit = fresh ? cache.verify!.keys.get(kid) : undefined;
  if (!hit && (!cache.verify || now - cache.verify.loadedAt > 1000)) {
    cache.verify = await loadPublicKeys(db);
    hit = cache.verify.keys.get(kid);
  }
  if (!hit || (hit.expiresAt !== null && hit.expiresAt <= now)) return null;
  return hit.key;
}

/**
 * Starts signing with a new key. Keys that were signing are retired and stay published for the
 * overlap window (GATEHOUSE_KEY_OVERLAP_SECONDS, never shorter than the token TTL); keys whose
 * window has ended are deleted.
 */
export async function rotateSigningKey(db: Db, actor: AuditActor): Promise<{ kid: string; retired: string[] }> {
  const row = await newKeyRow();
  const result = await db.transaction(async (tx) => {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + keyOverlapSeconds() * 1000);
    const retired = await tx
      .update(signingKeys)
      .set({ retiredAt: now, expiresAt })
      .where(isNull(signingKeys.retiredAt))
      .returning({ kid: signingKeys.kid });
    await tx.delete(signingKeys).where(lt(signingKeys.expiresAt, now));
    await tx.insert(signingKeys).values({ ...row, createdAt: now });
    await recordAudit(tx, actor, {
      action: "signing_key.rotate",
      targetType: "signing_key",
      targetId: row.kid,
      before: { signing_kids: retired.map((r) => r.kid) },
      after: { signing_kid: row.kid, retired_keys_published_until: expiresAt.toISOString() },
    });
    return { kid: row.kid, retired: retired.map((r) => r.kid) };
  });
  resetKeyCache();
  return result;
}
