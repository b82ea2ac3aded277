import { z } from "zod";
import { unprocessable } from "./errors";

/**
 * Optimistic concurrency for writes that carry a row's `version`: the version the caller read is
 * given in the body (`version`) or as an `If-Match` header (`"3"` or `W/"3"`, what the row's
 * GET answers as `ETag`). Either is enough; both must agree. Parsed by hand because the header is
 * one quoted integer here, not a general entity-tag list.
 */

const ETAG = /^(?:W\/)?"(0|[1-9]\d{0,15})"$/;

/** The body's `version` field of a versioned write: optional there because If-Match may carry it. */
export const versionField = z
  .number()
  .int()
  .positive()
  .optional()
  .meta({ description: "The version the change is based on (from the last read). Required unless the If-Match header gives it; a stale one is 409." });

export type Versioned<T> = Omit<T, "version"> & { version: number };

/** The resource's ETag for its current version (a strong entity tag: the version is exact). */
export const etagOf = (version: number) => `"${version}"`;

/** A versioned resource's answer with its version as ETag, ready for the next change's If-Match. */
export function versionedJson(view: { version: number }, status = 200): Response {
  return Response.json(view, { status, headers: { ETag: etagOf(view.version) } });
}

export function ifMatchVersion(req: Request): number | undefined {
  const raw = req.headers.get("if-match");
  if (raw === null) return undefined;
  const m = ETAG.exec(raw.trim());
  if (!m) {
    throw unprocessable('If-Match must be the version the change is based on, as an entity tag such as "3" (what the GET answered as ETag).', [
      { path: "If-Match", message: 'expected a quoted version such as "3"' },
    ]);
  }
  return Number(m[1]);
}

/** The body with the version it is based on, from the body or If-Match; neither is a 422 naming `version`. */
export function requireVersion<T extends { version?: number }>(req: Request, body: T): Versioned<T> {
  const version = resolveVersion(req, body.version);
  if (version === undefined) {
    throw unprocessable("Say which version the change is based on: give version in the body or an If-Match header (concurrent edits conflict instead of overwriting).", [
      { path: "version", message: "version or If-Match required" },
    ]);
  }
  return { ...body, version };
}

/** For writes where the version is optional (absent: unconditional), If-Match still makes them conditional. */
export function optionalVersion(req: Request, bodyVersion: number | undefined): number | undefined {
  return resolveVersion(req, bodyVersion);
}

function resolveVersion(req: Request, bodyVersion: number | undefined): number | undefined {
  const header = ifMatchVersion(req);
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion) {
    throw unprocessable(`version (${bodyVersion}) and If-Match (${header}) disagree; give one, or the same in both.`, [
      { path: "version", message: "differs from If-Match" },
    ]);
  }
  return header ?? bodyVersion;
}
