import "server-only";
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { z } from "zod";
import { conflict } from "../api/errors";
import { recordAudit, type AuditActor } from "../audit/record";
import { decryptSecret, encryptSecret } from "../crypto/secrets";
import type { Db } from "../db/client";
import { publicBaseUrl } from "../env";
import { readSetting, writeSetting } from "../settings/store";
import { bumpConfigRevisionForAllGateways } from "../enforcement/config-revision";

/**
 * The built-in test issuer: mints end-user access tokens with a chosen subject, scopes and
 * claims, so enforcement can be tried without an identity provider. Off unless an admin enables
 * it; authorizers trust it (it is in their configuration, and its JWKS is served) only while it
 * is enabled. Not for production.
 */
export const TEST_AUDIENCE = "gatehouse-test";
const ENABLED_KEY = "test_issuer.enabled";
const KEY_KEY = "test_issuer.signing_key";
const ALG = "ES256";

interface StoredKey {
  kid: string;
  public_jwk: JWK;
  private_jwk_encrypted: string;
}

export function testIssuerUrl(): string {
  return `${publicBaseUrl()}/default/test-issuer`;
}

export function testIssuerJwksUrl(): string {
  return `${testIssuerUrl()}/.well-known/jwks.json`;
}

/** `GET /test-issuer`: whether the built-in test issuer is on, and what a gateway trusts it as. */
export interface TestIssuerState {
  enabled: boolean;
  version: number;
  issuer: string;
  jwks_uri: string;
  audience: string;
}

export async function testIssuerState(db: Db): Promise<TestIssuerState> {
  const setting = await readSetting<boolean>(db, ENABLED_KEY);
  return { enabled: setting.value === true, version: setting.version, issuer: testIssuerUrl(), jwks_uri: testIssuerJwksUrl(), audience: TEST_AUDIENCE };
}

export async function setTestIssuerEnabled(db: Db, actor: AuditActor, enabled: boolean, expectedVersion?: number) {
  return db.transaction(async (tx) => {
    const before = await testIssuerState(tx);
    await writeSetting(tx, ENABLED_KEY, enabled, actor.username, expectedVersion);
    if (before.enabled !== enabled) {
      // Every configuration lists the test issuer while it is enabled.
      await bumpConfigRevisionForAllGateways(tx);
      await recordAudit(tx, actor, {
        action: enabled ? "test_issuer.enable" : "test_issuer.disable",
        targetType: "trusted_issuer",
        targetId: "test-issuer",
        targetName: "Built-in test issuer",
        before: { enabled: before.enabled },
        after: { enabled },
      });
    }
    return testIssuerState(tx);
  });
}

async function signingKey(db: Db): Promise<StoredKey> {
  const stored = await readSetting<StoredKey>(db, KEY_KEY);
  if (stored.value) return stored.value;
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `test-${randomUUID()}`;
  const key: StoredKey = {
    kid,
    public_jwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: "sig" },
    private_jwk_encrypted: encryptSecret(JSON.stringify(await exportJWK(privateKey)), KEY_KEY),
  };
  try {
    await writeSetting(db, KEY_KEY, key, "system", 0);
    return key;
  } catch {
    // Another request created it first: use that one.
    const again = await readSetting<StoredKey>(db, KEY_KEY);
    if (!again.value) throw new Error("test issuer key could not be stored");
    return again.value;
  }
}

/** The JWKS, or null while the issuer is disabled (so nothing can verify its tokens then). */
export async function testIssuerJwks(db: Db): Promise<{ keys: JWK[] } | null> {
  if (!(await testIssuerState(db)).enabled) return null;
  return { keys: [(await signingKey(db)).public_jwk] };
}

export function testIssuerDiscovery() {
  return {
    issuer: testIssuerUrl(),
    jwks_uri: testIssuerJwksUrl(),
    id_token_signing_alg_values_supported: [ALG],
    response_types_supported: ["token"],
    subject_types_supported: ["public"],
  };
}

const RESERVED = new Set(["iss", "aud", "exp", "iat", "nbf", "jti", "sub", "scp", "scope"]);

/** `PUT /test-issuer`: turn the built-in test issuer on or off (version optional: 0 before the first change). */
export const updateTestIssuerBodySchema = z.strictObject({
  enabled: z.boolean(),
  version: z.number().int().min(0).optional().meta({ description: "The version read (or the If-Match header); left out, the change is unconditional." }),
});

export const mintTestTokenBodySchema = z.strictObject({
  sub: z.string().trim().min(1).max(200),
  scopes: z.array(z.string().trim().min(1).max(200).regex(/^\S+$/, "no spaces in a scope")).max(50).default([]),
  claims: z
    .record(z.string().min(1).max(100), z.unknown())
    .default({})
    .refine((c) => Object.keys(c).every((k) => !RESERVED.has(k)), { message: `claims may not set ${[...RESERVED].join(", ")}` })
    .refine((c) => JSON.stringify(c).length <= 8192, { message: "claims are limited to 8 KiB of JSON" }),
  ttl_seconds: z.number().int().min(60).max(86_400).default(3600),
});
export type MintTestTokenBody = z.infer<typeof mintTestTokenBodySchema>;

export async function mintTestToken(db: Db, actor: AuditActor, body: MintTestTokenBody) {
  if (!(await testIssuerState(db)).enabled) throw conflict("The test issuer is disabled. Enable it in Settings › Test tokens first.");
  const key = await signingKey(db);
  const privateKey = await importJWK(JSON.parse(decryptSecret(key.private_jwk_encrypted, KEY_KEY)) as JWK, ALG);
  const now = Math.floor(Date.now() / 1000);
  const claims = { ...body.claims, scp: body.scopes, scope: body.scopes.join(" "), client_id: "gatehouse-test-issuer" };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: "JWT" })
    .setIssuer(testIssuerUrl())
    .setAudience(TEST_AUDIENCE)
    .setSubject(body.sub)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + body.ttl_seconds)
    .setJti(randomUUID())
    .sign(privateKey);
  await recordAudit(db, actor, {
    action: "test_issuer.mint",
    targetType: "trusted_issuer",
    targetId: "test-issuer",
    targetName: "Built-in test issuer",
    after: { sub: body.sub, scopes: body.scopes, claim_names: Object.keys(body.claims), ttl_seconds: body.ttl_seconds },
  });
  return { access_token: token, token_type: "bearer", expires_in: body.ttl_seconds, issuer: testIssuerUrl(), audience: TEST_AUDIENCE };
}
