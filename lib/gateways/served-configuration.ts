import { gzipSync } from "node:zlib";
import { encodingRelayed, RELAY_RESPONSE_HEADER } from "../api/encoding-relay";
import type { Db } from "../db/client";
import { buildGatewayConfiguration, etagMatches, strongEtag } from "./configuration";

/**
 * The configuration document as authorizers receive it, kept per gateway and revision.
 * Written by hand: it is the one place that knows what a revision means for the document.
 *
 * Hundreds of warm authorizer instances poll every ACP_RELOAD_INTERVAL, and almost every poll
 * finds nothing new. Every write that changes a gateway's document bumps `config_revision` in
 * its own transaction, and the system route has already read the gateway row (revision
 * included) to resolve the token's client, so a poll costs that one indexed lookup: the document
 * is built, serialized, hashed and gzip-compressed once per revision, and each poll after that
 * is a Map lookup and a header comparison.
 *
 * Why labelling with the revision read *before* building is safe: every SELECT of the build runs
 * after that read, so the body holds at least that revision's state. A change committed in
 * between has bumped the revision already, so the next poll misses and rebuilds. Each console
 * process keeps its own entries and every poll reads the current revision from the database, so
 * several processes on one PostgreSQL serve a change from their next poll on, with no
 * cross-process signal needed.
 *
 * The ETag is the SHA-256 of the identity body: a revision bump that leaves the document as it
 * was (an over-eager bump) rebuilds once and keeps the ETag, so authorizers keep their 304s.
 * The gzip representation carries its own strong ETag (`"<hash>-gzip"`, RFC 9110 § 8.8.3: a
 * strong validator differs per content coding); either tag proves the holder has this document.
 */
export interface ServedConfiguration {
  revision: number;
  etag: string;
  body: Uint8Array<ArrayBuffer>;
  gzipped: Uint8Array<ArrayBuffer>;
}

/** Bounded by bytes, least recently served first out; a 1,000-API document is ~220 KB. */
const MAX_CACHED_BYTES = 64 * 1024 * 1024;

interface Cache {
  entries: Map<string, ServedConfiguration>;
  bytes: number;
  building: Map<string, Promise<ServedConfiguration>>;
}

// Next.js may load this module in several bundles of one process: one cache per process.
const globalForCache = globalThis as unknown as { gatehouseServedConfiguration?: Cache };
const cache: Cache = (globalForCache.gatehouseServedConfiguration ??= { entries: new Map(), bytes: 0, building: new Map() });

const sizeOf = (s: ServedConfiguration) => s.body.length + s.gzipped.length;
const bytes = (b: Buffer) => new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.length);

function remember(gatewayId: string, served: ServedConfiguration): void {
  const previous = cache.entries.get(gatewayId);
  if (previous) {
    cache.bytes -= sizeOf(previous);
    cache.entries.delete(gatewayId);
  }
  cache.entries.set(gatewayId, served);
  cache.bytes += sizeOf(served);
  for (const [id, entry] of cache.entries) {
    if (cache.bytes <= MAX_CACHED_BYTES || id === gatewayId) break;
    cache.entries.delete(id);
    cache.bytes -= sizeOf(entry);
  }
}

async function build(db: Db, gatewayId: string, revision: number): Promise<ServedConfiguration> {
  const text = JSON.stringify(await buildGatewayConfiguration(db, gatewayId));
  // Authorizers accept gzip: compressed once here (~5 ms for 1,000 APIs), never per poll.
  const body = Buffer.from(text, "utf8");
  const served: ServedConfiguration = { revision, etag: strongEtag(text), body: bytes(body), gzipped: bytes(gzipSync(body, { level: 6 })) };
  const current = cache.entries.get(gatewayId);
  if (!current || current.revision <= revision) remember(gatewayId, served);
  return served;
}

/** The document of `gatewayId` at `revision` (the revision just read with the caller's token). */
export async function servedConfiguration(db: Db, gatewayId: string, revision: number): Promise<ServedConfiguration> {
  const hit = cache.entries.get(gatewayId);
  if (hit && hit.revision === revision) {
    // Most recently served last: the byte bound evicts from the front.
    cache.entries.delete(gatewayId);
    cache.entries.set(gatewayId, hit);
    return hit;
  }
  const key = `${gatewayId}@${revision}`;
  let pending = cache.building.get(key);
  if (!pending) {
    // One build per gateway and revision, however many instances poll at that moment.
    pending = build(db, gatewayId, revision).finally(() => cache.building.delete(key));
    cache.building.set(key, pending);
  }
  return pending;
}

const gzipEtag = (etag: string) => `${etag.slice(0, -1)}-gzip"`;

/** RFC 9110 § 12.5.3: gzip is acceptable unless its q-value (or `*`'s, when gzip is unnamed) is 0. */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  if (!acceptEncoding) return false;
  let star: boolean | undefined;
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const acceptable = q === undefined || Number(q.slice(2)) > 0;
    if (name.trim() === "gzip" || name.trim() === "x-gzip") return acceptable;
    if (name.trim() === "*") star = acceptable;
  }
  return star ?? false;
}

/**
 * The 200 or 304 answer for a poll with these request headers. gzip needs a server that passes
 * the encoding on (lib/api/encoding-relay.ts); `no-transform` keeps anything between from
 * re-encoding the body.
 */
export function configurationResponse(req: Request, served: ServedConfiguration): Response {
  const gzip = encodingRelayed(req) && acceptsGzip(req.headers.get("accept-encoding"));
  const etag = gzip ? gzipEtag(served.etag) : served.etag;
  const headers: Record<string, string> = { ETag: etag, "Cache-Control": "private, no-cache, no-transform", Vary: "Accept-Encoding" };
  const ifNoneMatch = req.headers.get("if-none-match");
  if (etagMatches(ifNoneMatch, served.etag) || etagMatches(ifNoneMatch, gzipEtag(served.etag))) {
    return new Response(null, { status: 304, headers });
  }
  headers["Content-Type"] = "application/json";
  if (!gzip) return new Response(served.body, { status: 200, headers });
  return new Response(served.gzipped, { status: 200, headers: { ...headers, "Content-Encoding": "gzip", [RELAY_RESPONSE_HEADER]: "gzip" } });
}

/** For tests: forget every cached document. */
export function resetServedConfigurations(): void {
  cache.entries.clear();
  cache.bytes = 0;
  cache.building.clear();
}
