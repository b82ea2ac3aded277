import "server-only";
import { decode } from "next-auth/jwt";
import { sessionSecret } from "./secret";

/** The cookie names next-auth 4 uses (secure prefix over https), possibly split into chunks. */
const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

export function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(value));
    } catch {
      out.set(name, value);
    }
  }
  return out;
}

function sessionCookie(cookies: Map<string, string>): string | undefined {
  for (const name of COOKIE_NAMES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
    if (chunks.length > 0) return chunks.join("");
  }
  return undefined;
}

/** The signed-in user's id from the session cookie, or null. Verifies and decrypts the JWT. */
export async function sessionUserId(cookies: Map<string, string>): Promise<string | null> {
  const token = sessionCookie(cookies);
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: sessionSecret() });
    return typeof payload?.uid === "string" ? payload.uid : null;
  } catch {
    return null;
  }
}
