import { env, type Env } from "../env";

/**
 * Who sent a request, and under which origin the browser saw the console. Forwarded headers
 * (X-Forwarded-For/-Host/-Proto) are believed only when GATEHOUSE_TRUST_FORWARDED_HEADERS says a
 * reverse proxy of the operator's sets them; otherwise any client could forge them. Without
 * them the source is the TCP peer, which the console's server (scripts/serve.mjs) writes into
 * PEER_HEADER, replacing whatever the client sent there.
 */
export const PEER_HEADER = "x-gatehouse-peer";

/** The source when nothing names one (the Next.js dev server, route handlers called in tests). */
export const UNKNOWN_SOURCE = "unknown";

type HeaderBag = Headers | Record<string, unknown>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  if (Array.isArray(value)) return typeof value[0] === "string" ? value[0] : undefined;
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * The client's address. Behind a trusted proxy it is the last X-Forwarded-For entry — the one
 * the proxy itself appended; entries before it came from the client and prove nothing.
 */
export function requestSource(headers: HeaderBag, e: Env = env()): string {
  if (e.GATEHOUSE_TRUST_FORWARDED_HEADERS) {
    const last = header(headers, "x-forwarded-for")?.split(",").pop()?.trim();
    if (last) return last.slice(0, 100);
  }
  return header(headers, PEER_HEADER)?.slice(0, 100) ?? UNKNOWN_SOURCE;
}

/** The origin a trusted proxy says the browser used, or undefined when it is not trusted or says nothing. */
export function forwardedOrigin(headers: HeaderBag, e: Env = env()): string | undefined {
  if (!e.GATEHOUSE_TRUST_FORWARDED_HEADERS) return undefined;
  const host = header(headers, "x-forwarded-host")?.split(",")[0]?.trim();
  if (!host) return undefined;
  const proto = header(headers, "x-forwarded-proto")?.split(",")[0]?.trim() ?? "https";
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return undefined;
  }
}
