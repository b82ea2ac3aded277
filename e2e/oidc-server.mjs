// A real OpenID provider (oidc-provider) for the e2e tests' single sign-on. Its development
// interactions render a login form that accepts any username, then a consent screen.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 3201);
const issuer = `http://localhost:${port}`;
const consoleUrl = process.env.CONSOLE_URL ?? "http://localhost:3100";

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID ?? "gatehouse-e2e",
      client_secret: process.env.OIDC_CLIENT_SECRET ?? "gatehouse-e2e-secret",
      redirect_uris: [`${consoleUrl}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: { openid: ["sub"], profile: ["name", "preferred_username"], email: ["email"] },
  pkce: { required: () => true },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, name: `SSO ${id}`, email: `${id}@example.test` };
      },
    };
  },
});
provider.proxy = false;
const server = provider.listen(port, "127.0.0.1", () => console.log(`[oidc] listening on ${issuer}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
