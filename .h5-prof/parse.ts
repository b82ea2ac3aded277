import { parseMethodArn, parseAuthorizerEvent } from "../lambda/events/parse";
import { templateMatches } from "../lambda/routing/routes";
import { parseJws } from "../lambda/tokens/jwt";
import { mint, testKey } from "../lambda/testkit/issuer";
async function main() {
  const key = await testKey("k", "RS256");
  const token = await mint(key, { sub: "u", scope: "pets:read" }, { issuer: "https://i", audience: "aud", expiresInSeconds: 3600 });
  const e = { type: "REQUEST", methodArn: "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets/1", resource: "/pets/{id}", httpMethod: "GET", headers: { Authorization: `Bearer ${token}`, "X-Api-Version": "2024-06-01", "User-Agent": "bench", Host: "x" }, multiValueHeaders: { Authorization: [`Bearer ${token}`], "X-Api-Version": ["2024-06-01"], "User-Agent": ["bench"], Host: ["x"] }, requestContext: { apiId: "abc", stage: "prod", resourcePath: "/pets/{id}", httpMethod: "GET", identity: { sourceIp: "1.2.3.4", userAgent: "b" } } };
  const N = 200000;
  const time = (name: string, f: () => unknown) => { for (let i = 0; i < 5000; i++) f(); const t = performance.now(); for (let i = 0; i < N; i++) f(); console.log(name.padEnd(20), ((performance.now() - t) / N * 1000).toFixed(2), "us"); };
  time("arn", () => parseMethodArn(e.methodArn));
  time("template", () => templateMatches("/pets/{id}", "/pets/1"));
  time("event", () => parseAuthorizerEvent(e));
  const [h, p, s] = token.split(".");
  time("split", () => token.split("."));
  time("b64 header+json", () => JSON.parse(Buffer.from(h!, "base64url").toString("utf8")));
  time("b64 payload+json", () => JSON.parse(Buffer.from(p!, "base64url").toString("utf8")));
  time("regex payload", () => /^[A-Za-z0-9_-]+$/.test(p!));
  time("sig decode", () => Buffer.from(s!, "base64url"));
  time("signingInput", () => Buffer.from(`${h}.${p}`, "latin1"));
  time("parseJws", () => parseJws(token));
}
void main();
