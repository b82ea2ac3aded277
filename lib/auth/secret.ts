import "server-only";
import { deriveKey } from "../crypto/secrets";
import { env } from "../env";

/** next-auth's JWT secret: NEXTAUTH_SECRET, or derived from the console's master key. */
export function sessionSecret(): string {
  return env().NEXTAUTH_SECRET ?? deriveKey("nextauth-session").toString("base64url");
}
