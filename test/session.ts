import { encode } from "next-auth/jwt";
import { sessionSecret } from "@/lib/auth/secret";

/** A console session cookie for a user, as next-auth sets it after signing in (for route-handler tests). */
export async function sessionCookie(userId: string, name = "test user"): Promise<string> {
  const token = await encode({ token: { uid: userId, name }, secret: sessionSecret() });
  return `next-auth.session-token=${token}`;
}
