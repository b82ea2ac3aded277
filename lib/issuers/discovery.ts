import { z } from "zod";
import { ApiError } from "../api/errors";
import { FetchProblem, fetchJson } from "./fetch";

/**
 * OpenID discovery of a trusted issuer: `{issuer}/.well-known/openid-configuration` must name
 * the same issuer and a jwks_uri. Failures are a 422 that says what went wrong.
 */
const documentSchema = z.looseObject({
  issuer: z.string(),
  jwks_uri: z.url({ protocol: /^https?$/ }),
  introspection_endpoint: z.url({ protocol: /^https?$/ }).optional(),
});

const stripSlash = (u: string) => u.replace(/\/+$/, "");

export function discoveryUrl(issuer: string): string {
  return `${stripSlash(issuer)}/.well-known/openid-configuration`;
}

function failed(message: string): ApiError {
  return new ApiError("issuer_discovery_failed", message, { fields: [{ path: "issuer", message }] });
}

export interface Discovered {
  /** The issuer as the provider spells it (what its tokens carry in `iss`). */
  issuer: string;
  jwksUri: string;
  introspectionEndpoint: string | null;
}

export async function discoverIssuer(issuer: string): Promise<Discovered> {
  const url = discoveryUrl(issuer);
  let body: unknown;
  try {
    body = await fetchJson(url);
  } catch (err) {
    if (err instanceof FetchProblem) throw failed(`OpenID discovery failed: ${err.message} Give jwks_uri to skip discovery.`);
    throw err;
  }
  const doc = documentSchema.safeParse(body);
  if (!doc.success) throw failed(`OpenID discovery failed: ${url} is not an OpenID configuration with issuer and jwks_uri.`);
  if (stripSlash(doc.data.issuer) !== stripSlash(issuer)) {
    throw failed(`OpenID discovery failed: ${url} names the issuer ${doc.data.issuer}, not ${issuer}.`);
  }
  return { issuer: doc.data.issuer, jwksUri: doc.data.jwks_uri, introspectionEndpoint: doc.data.introspection_endpoint ?? null };
}
