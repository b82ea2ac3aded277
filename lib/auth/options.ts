import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { requestSource } from "../api/forwarded";
import { dummyPasswordHash, PasswordHashBusyError, verifyPassword } from "../crypto/password";
import { getDb } from "../db/client";
import { browserOrigin, env, oidcConfigured } from "../env";
import { findUserByUsername, recordSignIn, upsertOidcUser } from "../users/service";
import { sessionSecret } from "./secret";
import { safeCallbackPath } from "./callback-url";
import { recordSignInFailure, recordSignInSuccess, signInAllowed } from "./sign-in-throttle";

const credentialsSchema = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });

export const OIDC_PROVIDER_ID = "oidc";

/** next-auth hands authorize the request's headers as a plain object. */
type SignInRequest = { headers?: Record<string, unknown> } | undefined;

async function authorizeCredentials(raw: unknown, req: SignInRequest) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { username, password } = parsed.data;
  const source = requestSource(req?.headers ?? {});
  const verdict = signInAllowed(source, username);
  if (!verdict.allowed) throw new Error(verdict.message);
  const db = await getDb();
  const user = await findUserByUsername(db, username);
  let ok: boolean;
  try {
    // Hash even when the user is unknown, so timing does not reveal which usernames exist.
    ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  } catch (err) {
    if (err instanceof PasswordHashBusyError) throw new Error("The console is busy with other sign-ins. Try again in a few seconds.");
    throw err;
  }
  if (!user || !user.passwordHash || !ok) {
    recordSignInFailure(source, username);
    return null;
  }
  recordSignInSuccess(source, username);
  await recordSignIn(db, user.id);
  return { id: user.id, name: user.displayName ?? user.username };
}

/** next-auth configuration: local accounts, plus OIDC single sign-on when the environment configures it. */
export function getAuthOptions(): AuthOptions {
  const e = env();
  const providers: AuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Username and password",
      credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
      authorize: authorizeCredentials,
    }),
  ];
  if (oidcConfigured(e)) {
    const issuer = e.OIDC_ISSUER!.replace(/\/+$/, "");
    providers.push({
      id: OIDC_PROVIDER_ID,
      name: e.OIDC_NAME,
      type: "oauth",
      wellKnown: `${issuer}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid profile email" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; name?: string; preferred_username?: string; email?: string }) {
        return { id: profile.sub, name: profile.name ?? profile.preferred_username ?? profile.email ?? profile.sub };
      },
    });
  }
  return {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge: e.SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    callbacks: {
      async jwt({ token, user, account, profile }) {
        if (account?.provider === OIDC_PROVIDER_ID && profile) {
          const claims = profile as { sub?: string; iss?: string; preferred_username?: string; email?: string; name?: string };
          if (!claims.sub) throw new Error("The identity provider returned no subject.");
          const db = await getDb();
          const local = await upsertOidcUser(
            db,
            {
              issuer: claims.iss ?? e.OIDC_ISSUER!,
              subject: claims.sub,
              preferredUsername: claims.preferred_username ?? claims.email,
              name: claims.name,
            },
            e.OIDC_DEFAULT_ROLE,
          );
          await recordSignIn(db, local.id);
          return { uid: local.id, name: local.displayName ?? local.username };
        }
        if (user && account?.provider === "credentials") return { uid: user.id, name: user.name };
        return token;
      },
      // Where next-auth sends the browser after sign-in or sign-out: only the console's own pages.
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, browserOrigin()), baseUrl).href;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid };
      },
    },
  };
}
