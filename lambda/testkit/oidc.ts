import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { JWK } from "jose";
import Provider from "oidc-provider";

/**
 * Test-only real OpenID provider (oidc-provider) issuing end-user access tokens: the
 * client_credentials grant with resource indicators, so tokens are RS256 JWTs whose `aud` is the
 * requested resource. `rotate()` replaces the signing keys (new key first, old one still
 * published), as an issuer does when it rotates.
 */
export interface TestIssuer {
  issuer: string;
  jwksUri: string;
  /** Private JWKs currently configured, signing key first. */
  keys: JWK[];
  token(opts?: { scope?: string; resource?: string; clientId?: string }): Promise<string>;
  rotate(): void;
  close(): Promise<void>;
}

export const RESOURCES = ["https://pets.example", "https://other.example"];
const CLIENTS = [
  { client_id: "pets-reader", client_secret: "pets-reader-secret" },
  { client_id: "pets-writer", client_secret: "pets-writer-secret" },
];

let kids = 0;
function rsaJwk(): JWK {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...(privateKey.export({ format: "jwk" }) as JWK), kid: `key-${++kids}`, alg: "RS256", use: "sig" };
}

function provider(issuer: string, keys: JWK[]): Provider {
  const p = new Provider(issuer, {
    clients: CLIENTS.map((c) => ({
      ...c,
      grant_types: ["client_credentials"],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: "client_secret_post",
    })),
    jwks: { keys: keys },
    scopes: ["pets:read", "pets:write"],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCES[0]!,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (!RESOURCES.includes(resource)) throw new Error("unknown resource");
          return { scope: "pets:read pets:write", audience: resource, accessTokenFormat: "jwt", accessTokenTTL: 300, jwt: { sign: { alg: "RS256" } } };
        },
      },
    },
  });
  p.proxy = false;
  return p;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let keys = [rsaJwk()];
  let current = provider(issuer, keys);
  server.on("request", (req, res) => {
    void current.callback()(req, res);
  });
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    get keys() {
      return keys;
    },
    async token(opts = {}) {
      const client = CLIENTS.find((c) => c.client_id === (opts.clientId ?? "pets-reader"))!;
      const res = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: client.client_id,
          client_secret: client.client_secret,
          scope: opts.scope ?? "pets:read",
          resource: opts.resource ?? RESOURCES[0]!,
        }),
      });
      const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!body.access_token) throw new Error(`token: ${res.status} ${body.error} ${body.error_description}`);
      return body.access_token;
    },
    rotate() {
      keys = [rsaJwk(), ...keys];
      current = provider(issuer, keys);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
