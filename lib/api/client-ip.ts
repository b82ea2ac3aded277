import { env } from "../env";

/**
 * The source of a request, for per-source limits. Route handlers get a web Request, which carries
 * no socket address, so the address can only come from the proxy in front of the console: with
 * GATEHOUSE_TRUST_PROXY=true the right-most `X-Forwarded-For` entry (the address the proxy in front
 * of the console saw; entries left of it are whatever the client sent), else —
 * because anyone can send that header — one stable placeholder shared by every request (limits
 * keyed by it then act for the whole console, which is why they only ever count failures).
 */
export const UNKNOWN_CLIENT_IP = "unknown";

export function clientIp(req: Request): string {
  if (!env().GATEHOUSE_TRUST_PROXY) return UNKNOWN_CLIENT_IP;
  const last = req.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return last && last.length <= 64 ? last : UNKNOWN_CLIENT_IP;
}
