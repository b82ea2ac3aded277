import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenVerifier } from "@/lambda/tokens/authenticate";
import type { JwksCache } from "@/lambda/tokens/jwks";
import { Introspector } from "@/lambda/tokens/introspection";
import type { TrustedIssuer } from "@/lib/db/schema";
import { JWT_CLOCK_SKEW_SECONDS } from "@/protocol/jwt-clock-skew";
import { verifyIssuerJwt } from "./tokens";

/**
 * The console and the authorizer apply one clock skew (protocol/jwt-clock-skew.ts), so they agree
 * on whether a token just past its `exp` is still good: the console never calls a token valid
 * that the gateway refuses, nor the other way round.
 */
let server: Server;
let jwksUri: string;
let privateKey: CryptoKey;
const ISSUER = "https://idp.example";

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  privateKey = pair.privateKey;
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" }] });
  server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(jwks));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

async function consoleAccepts(expiredSecondsAgo: number): Promise<boolean> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ sub: "u" }).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer(ISSUER).setIssuedAt(now - 600).setExpirationTime(now - expiredSecondsAgo).sign(privateKey);
  const issuer = { issuer: ISSUER, jwksUri, audiences: [] as string[] } as unknown as TrustedIssuer;
  return (await verifyIssuerJwt(issuer, token)) !== null;
}

async function authorizerAccepts(expiredSecondsAgo: number): Promise<boolean> {
  const now = Date.now();
  const introspector = new Introspector(() => Promise.resolve({ active: true, sub: "u", iss: "https://idp.example", exp: now / 1000 - expiredSecondsAgo }), { clock: { now: () => now } });
  const verifier = new TokenVerifier({} as JwksCache, introspector, { clock: { now: () => now } });
  const result = await verifier.authenticate("opaque-token", [{ issuer: "https://idp.example", jwksUri: null, audiences: [], introspection: true, embeddedJwks: null }]);
  return result.ok;
}

describe("one JWT clock skew for the console and the authorizer", () => {
  it.each([
    [JWT_CLOCK_SKEW_SECONDS - 5, true],
    [JWT_CLOCK_SKEW_SECONDS + 5, false],
  ])("a token expired %i s ago: both say %s", async (ago, accepted) => {
    expect({ console: await consoleAccepts(ago), authorizer: await authorizerAccepts(ago) }).toEqual({ console: accepted, authorizer: accepted });
  });
});
