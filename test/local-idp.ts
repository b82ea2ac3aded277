import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";

/**
 * A tiny identity provider on 127.0.0.1 for integration tests: OpenID discovery, a JWKS, and an
 * RFC 7662 introspection endpoint (HTTP Basic `introspector:introspector-secret`) that calls
 * the opaque token `opaque-good` active.
 */
export interface LocalIdp {
  issuer: string;
  jwksUri: string;
  introspectionEndpoint: string;
  sign(claims: JWTPayload): Promise<string>;
  /** What the next discovery answer is: "ok", an HTTP status, or "hang" (never answers). */
  setDiscovery(mode: "ok" | "hang" | number | { issuer: string }): void;
  close(): Promise<void>;
}

export const INTROSPECTION_CLIENT = { id: "introspector", secret: "introspector-secret" };

async function body(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += String(chunk);
  return text;
}

export async function startLocalIdp(): Promise<LocalIdp> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "idp-key-1", alg: "RS256", use: "sig" };
  let discovery: "ok" | "hang" | number | { issuer: string } = "ok";
  let base = "";
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", base);
      const send = (status: number, data: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(data));
      };
      if (url.pathname === "/realm/.well-known/openid-configuration") {
        if (discovery === "hang") return void hanging.add(res);
        if (typeof discovery === "number") return send(discovery, { error: "nope" });
        const issuer = typeof discovery === "object" ? discovery.issuer : `${base}/realm`;
        return send(200, { issuer, jwks_uri: `${base}/realm/jwks`, introspection_endpoint: `${base}/realm/introspect` });
      }
      if (url.pathname === "/realm/jwks") return send(200, { keys: [jwk] });
      if (url.pathname === "/realm/introspect" && req.method === "POST") {
        const expected = `Basic ${Buffer.from(`${INTROSPECTION_CLIENT.id}:${INTROSPECTION_CLIENT.secret}`).toString("base64")}`;
        if (req.headers.authorization !== expected) return send(401, { error: "invalid_client" });
        const form = new URLSearchParams(await body(req));
        if (form.get("token") === "opaque-good") {
          return send(200, { active: true, sub: "user-7", scope: "read write", aud: ["petstore"], exp: Math.floor(Date.now() / 1000) + 600, client_id: "spa" });
        }
        return send(200, { active: false });
      }
      send(404, { error: "not_found" });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/realm`;
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    introspectionEndpoint: `${issuer}/introspect`,
    sign: (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime("10m")
        .sign(privateKey),
    setDiscovery: (mode) => {
      discovery = mode;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
