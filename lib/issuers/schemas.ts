import { z } from "zod";
import { versionField, type Versioned } from "../api/if-match";

/** Bodies of `POST/PUT /issuers` (Settings › Identity sources). */

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .max(2000, "at most 2000 characters")
    .pipe(z.url({ protocol: /^https?$/, error: `${what} must be an http(s) URL` }));

const audiences = z
  .array(z.string().trim().min(1, "an audience cannot be empty").max(500, "at most 500 characters"))
  .max(50, "at most 50 audiences")
  .transform((list) => [...new Set(list)]);

const clientId = z.string().trim().min(1, "cannot be empty").max(500, "at most 500 characters");
const clientSecret = z.string().min(1, "cannot be empty").max(2000, "at most 2000 characters");

export const createIssuerBodySchema = z.strictObject({
  issuer: httpUrl("issuer"),
  audiences: audiences.optional(),
  jwks_uri: httpUrl("jwks_uri").optional(),
  introspection_endpoint: httpUrl("introspection_endpoint").optional(),
  introspection_client_id: clientId.optional(),
  introspection_client_secret: clientSecret.optional(),
});

export const updateIssuerBodySchema = z.strictObject({
  version: versionField,
  issuer: httpUrl("issuer").optional(),
  audiences: audiences.optional(),
  jwks_uri: httpUrl("jwks_uri").optional(),
  /** null removes introspection (endpoint, client id and secret). */
  introspection_endpoint: httpUrl("introspection_endpoint").nullable().optional(),
  introspection_client_id: clientId.nullable().optional(),
  /** A new secret; null removes it; left out keeps the stored one. */
  introspection_client_secret: clientSecret.nullable().optional(),
  enabled: z.boolean().optional(),
});

export type CreateIssuerBody = z.infer<typeof createIssuerBodySchema>;
export type UpdateIssuerBody = Versioned<z.infer<typeof updateIssuerBodySchema>>;
