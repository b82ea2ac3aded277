import { requestSource } from "../api/forwarded";
import { clientSecretMatches, findClient } from "../gateways/client";
import type { Db } from "../db/client";
import type { OAuthClient } from "../db/schema";
import { invalidClient, invalidRequest, slowDown, type OAuthError } from "./errors";
import { recordSourceFailure, sourceFailureRetryAfter } from "./source-limits";
import { clientRetryAfter, recordClientFailure } from "./throttle";

/** Client authentication at the token and introspection endpoints (RFC 6749 § 2.3.1). */
export type ClientAuthMethod = "client_secret_basic" | "client_secret_post";

interface Presented {
  method: ClientAuthMethod;
  clientId: string;
  secret: string;
}

/** `application/x-www-form-urlencoded` decoding of one credential part (RFC 6749 § 2.3.1). */
function formDecode(part: string): string {
  return decodeURIComponent(part.replace(/\+/g, " "));
}

function fromBasic(header: string): Presented {
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header.trim());
  if (!match) throw invalidClient(true, "The Authorization header is not valid HTTP Basic.");
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0 || decoded.includes("\u0000")) throw invalidClient(true, "The Authorization header is not valid HTTP Basic.");
  try {
    const presented = { method: "client_secret_basic" as const, clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
    if (presented.clientId.includes("\u0000") || presented.secret.includes("\u0000")) throw new Error("NUL");
    return presented;
  } catch {
    throw invalidClient(true, "The Authorization header is not valid HTTP Basic.");
  }
}

/** Which credentials the request carries; exactly one method may be used. */
export function presentedCredentials(authorization: string | null, form: URLSearchParams): Presented | null {
  const formId = form.get("client_id");
  const formSecret = form.get("client_secret");
  if (authorization) {
    const basic = fromBasic(authorization);
    if (formSecret !== null) throw invalidRequest("Use one client authentication method, not both HTTP Basic and client_secret.");
    if (formId !== null && formId !== basic.clientId) throw invalidRequest("client_id differs from the HTTP Basic credentials.");
    return basic;
  }
  if (formId !== null && formSecret !== null) return { method: "client_secret_post", clientId: formId, secret: formSecret };
  if (formId !== null) return { method: "client_secret_post", clientId: formId, secret: "" };
  return null;
}

/**
 * Authenticates the client or throws `invalid_client` (401; with a Basic challenge when Basic
 * was used or nothing was presented) — or `slow_down` (429) while its id is throttled, or instead
 * of the 401 while the source is over its failure limit (source-limits.ts). Right credentials are
 * never refused for their source's failures: an address shared with a guesser — or, without a
 * trusted proxy, every address — cannot lock working gateways out.
 */
export async function authenticateClient(db: Db, req: Request, form: URLSearchParams): Promise<{ client: OAuthClient; method: ClientAuthMethod }> {
  const source = requestSource(req.headers);
  const fail = (error: OAuthError): never => {
    const retryAfter = sourceFailureRetryAfter(source);
    recordSourceFailure(source);
    throw retryAfter > 0 ? slowDown(retryAfter, "Too many failed client authentications from this address") : error;
  };
  const presented = presentedCredentials(req.headers.get("authorization"), form);
  if (!presented) return fail(invalidClient(true, "Client authentication is required (client_secret_basic or client_secret_post)."));
  const retryAfter = clientRetryAfter(presented.clientId);
  if (retryAfter > 0) throw slowDown(retryAfter);
  const client = await findClient(db, presented.clientId);
  if (!client || !clientSecretMatches(client, presented.secret)) {
    recordClientFailure(presented.clientId);
    return fail(invalidClient(presented.method === "client_secret_basic"));
  }
  return { client, method: presented.method };
}
