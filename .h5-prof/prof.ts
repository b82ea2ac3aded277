import { Authorizer } from "../lambda/authorizer";
import { mint, testKey } from "../lambda/testkit/issuer";
import { startFakePlatform, configurationOf } from "../lambda/testkit/platform";
async function main() {
  const key = await testKey("k", "RS256");
  const platform = await startFakePlatform({ jwks: [key.publicJwk] });
  platform.configuration = configurationOf({ restApiId: "abc", stage: "prod", apis: [{ id: "a", method: "GET", path: "/pets/{id}", policy_id: "p" }], policies: [{ id: "p", validators: [{ name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "pets:read" }] } }] }], issuers: [{ issuer: platform.userIssuer, jwks_uri: `${platform.userIssuer}/jwks`, audiences: ["aud"] }] });
  const token = await mint(key, { sub: "u", scope: "pets:read" }, { issuer: platform.userIssuer, audience: "aud", expiresInSeconds: 3600 });
  const a = new Authorizer({ env: { ACP_ISSUER_URL: platform.issuerUrl, ACP_CLIENT_ID: platform.clientId, ACP_CLIENT_SECRET: platform.clientSecret }, sink: () => {} });
  const e = { type: "REQUEST", methodArn: "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets/1", resource: "/pets/{id}", httpMethod: "GET", headers: { Authorization: `Bearer ${token}` }, requestContext: { apiId: "abc", stage: "prod", resourcePath: "/pets/{id}", httpMethod: "GET" } };
  console.log(JSON.stringify(await a.handle(e)).slice(0, 80));
  for (let i = 0; i < 5000; i++) await a.handle(e);
  const t = performance.now();
  for (let i = 0; i < 50000; i++) await a.handle(e);
  console.log("per decision us", ((performance.now() - t) / 50000 * 1000).toFixed(1));
  a.close(); await platform.close();
}
void main();
