import "server-only";
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { conflict, notFound, unprocessable } from "../api/errors";
import { recordAudit, type AuditActor } from "../audit/record";
import { encryptSecret } from "../crypto/secrets";
import type { Db } from "../db/client";
import { trustedIssuers, type TrustedIssuer } from "../db/schema";
import { updateAtVersion } from "../db/update-at-version";
import { bumpConfigRevisionForAllGateways } from "../enforcement/config-revision";
import { discoverIssuer } from "./discovery";
import { kickIssuerJwksRefresh } from "./jwks-refresh";
import type { CreateIssuerBody, UpdateIssuerBody } from "./schemas";
import { isUniqueViolation } from "../db/unavailable";

/** Trusted issuers: whose end-user tokens the authorizers accept (part of their configuration). */

export interface IssuerView {
  id: string;
  issuer: string;
  jwks_uri: string;
  audiences: string[];
  introspection_endpoint: string | null;
  introspection_client_id: string | null;
  has_introspection_secret: boolean;
  enabled: boolean;
  version: number;
  created_at: string;
}

export function toIssuerView(i: TrustedIssuer): IssuerView {
  return {
    id: i.id,
    issuer: i.issuer,
    jwks_uri: i.jwksUri,
    audiences: i.audiences,
    introspection_endpoint: i.introspectionEndpoint,
    introspection_client_id: i.introspectionClientId,
    has_introspection_secret: Boolean(i.introspectionClientSecretEncrypted),
    enabled: i.enabled,
    version: i.version,
    created_at: i.createdAt.toISOString(),
  };
}

/** What the audit log keeps of an issuer (never the secret, not even encrypted). */
function auditShape(i: TrustedIssuer): Record<string, unknown> {
  return { ...toIssuerView(i) };
}

export const issuerSecretAad = (id: string) => `trusted_issuer:${id}`;

const STALE = "This trusted issuer was changed by someone else meanwhile. Reload and try again.";

export async function listIssuers(db: Db): Promise<IssuerView[]> {
  const rows = await db.select().from(trustedIssuers).orderBy(asc(trustedIssuers.createdAt), asc(trustedIssuers.id));
  return rows.map(toIssuerView);
}

/** The enabled issuers, oldest first (the first one is the configuration's `issuer_url`). */
export async function enabledIssuers(db: Db): Promise<TrustedIssuer[]> {
  return db.select().from(trustedIssuers).where(eq(trustedIssuers.enabled, true)).orderBy(asc(trustedIssuers.createdAt), asc(trustedIssuers.id));
}

function checkIntrospection(endpoint: string | null, clientId: string | null, hasSecret: boolean): void {
  if (!endpoint && (clientId || hasSecret)) {
    throw unprocessable("An introspection client needs an introspection endpoint.", [
      { path: "introspection_endpoint", message: "required with introspection_client_id or introspection_client_secret" },
    ]);
  }
  if (hasSecret && !clientId) {
    throw unprocessable("An introspection secret needs its client id.", [{ path: "introspection_client_id", message: "required with introspection_client_secret" }]);
  }
}

export async function createIssuer(db: Db, actor: AuditActor, body: CreateIssuerBody): Promise<IssuerView> {
  let issuer = body.issuer;
  let jwksUri = body.jwks_uri;
  if (!jwksUri) {
    const found = await discoverIssuer(body.issuer);
    issuer = found.issuer;
    jwksUri = found.jwksUri;
  }
  const endpoint = body.introspection_endpoint ?? null;
  const clientId = body.introspection_client_id ?? null;
  checkIntrospection(endpoint, clientId, body.introspection_client_secret !== undefined);
  const id = randomUUID();
  try {
    const row = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(trustedIssuers)
        .values({
          id,
          issuer,
          jwksUri,
          audiences: body.audiences ?? [],
          introspectionEndpoint: endpoint,
          introspectionClientId: clientId,
          introspectionClientSecretEncrypted:
            body.introspection_client_secret !== undefined ? encryptSecret(body.introspection_client_secret, issuerSecretAad(id)) : null,
        })
        .returning();
      await recordAudit(tx, actor, { action: "trusted_issuer.create", targetType: "trusted_issuer", targetId: id, targetName: issuer, after: auditShape(created!) });
      await bumpConfigRevisionForAllGateways(tx);
      return created!;
    });
    kickIssuerJwksRefresh();
    return toIssuerView(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`The issuer ${issuer} already exists.`);
    throw err;
  }
}

export async function getIssuer(db: Db, id: string): Promise<TrustedIssuer> {
  const [row] = await db.select().from(trustedIssuers).where(eq(trustedIssuers.id, id)).limit(1);
  if (!row) throw notFound("Trusted issuer");
  return row;
}

export async function updateIssuer(db: Db, actor: AuditActor, id: string, body: UpdateIssuerBody): Promise<IssuerView> {
  const current = await getIssuer(db, id);
  if (current.version !== body.version) throw conflict(STALE);
  let issuer = body.issuer ?? current.issuer;
  let jwksUri = body.jwks_uri ?? current.jwksUri;
  if (body.issuer !== undefined && body.issuer !== current.issuer && body.jwks_uri === undefined) {
    const found = await discoverIssuer(body.issuer);
    issuer = found.issuer;
    jwksUri = found.jwksUri;
  }
  const endpoint = body.introspection_endpoint === undefined ? current.introspectionEndpoint : body.introspection_endpoint;
  // Removing the endpoint removes the client that authenticates at it.
  const clientId = endpoint === null ? null : body.introspection_client_id === undefined ? current.introspectionClientId : body.introspection_client_id;
  const secretEncrypted =
    endpoint === null || body.introspection_client_secret === null
      ? null
      : body.introspection_client_secret !== undefined
        ? encryptSecret(body.introspection_client_secret, issuerSecretAad(id))
        : current.introspectionClientSecretEncrypted;
  checkIntrospection(endpoint, clientId, secretEncrypted !== null);
  try {
    const row = await db.transaction(async (tx) => {
      const updated = await updateAtVersion(
        tx,
        trustedIssuers,
        id,
        body.version,
        {
          issuer,
          jwksUri,
          audiences: body.audiences ?? current.audiences,
          introspectionEndpoint: endpoint,
          introspectionClientId: clientId,
          introspectionClientSecretEncrypted: secretEncrypted,
          enabled: body.enabled ?? current.enabled,
          // Keys fetched from another URI are not this issuer's any more (jwks-refresh.ts fetches anew).
          ...(jwksUri !== current.jwksUri ? { jwks: null, jwksFetchedAt: null } : {}),
        },
        STALE,
      );
      await recordAudit(tx, actor, {
        action: "trusted_issuer.update",
        targetType: "trusted_issuer",
        targetId: id,
        targetName: updated.issuer,
        before: auditShape(current),
        after: { ...auditShape(updated), introspection_credentials_changed: body.introspection_client_secret !== undefined },
      });
      await bumpConfigRevisionForAllGateways(tx);
      return updated;
    });
    if (row.jwks === null && row.enabled) kickIssuerJwksRefresh();
    return toIssuerView(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`The issuer ${issuer} already exists.`);
    throw err;
  }
}

export async function deleteIssuer(db: Db, actor: AuditActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [deleted] = await tx.delete(trustedIssuers).where(eq(trustedIssuers.id, id)).returning();
    if (!deleted) throw notFound("Trusted issuer");
    await recordAudit(tx, actor, { action: "trusted_issuer.delete", targetType: "trusted_issuer", targetId: id, targetName: deleted.issuer, before: auditShape(deleted) });
    await bumpConfigRevisionForAllGateways(tx);
  });
}
