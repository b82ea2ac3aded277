import { KeyObject } from "node:crypto";
import { importJWK, type JWK } from "jose";
import type { HttpClient } from "../http/client";
import type { Logger } from "../log";
import type { JwsAlg } from "./jwt";

/**
 * The trusted issuers' signing keys, per `jwks_uri`, for the life of the container.
 *
 * - Keys are fetched on first use (or prefetched when a configuration names the issuer) and
 *   refreshed in the background once older than `maxAgeMs` (so a removed key stops verifying).
 * - A token whose `kid` is not in the set triggers one refetch — at most once per
 *   `minRefetchMs()` (the reload interval) per URI — which is how a rotated key is picked up,
 *   without letting a stream of made-up kids hammer the issuer.
 * - Only public members of a JWK are kept; jose's `importJWK(jwk, alg)` binds each key to the
 *   algorithm it is used with (it refuses an RSA key for ES256, an EC P-384 key for ES256, …), and
 *   the result becomes a KeyObject for node:crypto's synchronous verify (see jwt.ts). RSA keys
 *   under 2048 bits are refused.
 */
interface StoredKey {
  kid: string | undefined;
  jwk: JWK;
  imported: Map<JwsAlg, Promise<KeyObject | null>>;
  /** Imports that have completed (what the synchronous fast path reads). */
  resolved: Map<JwsAlg, KeyObject | null>;
}

interface KeySet {
  keys: StoredKey[];
  /** null until a fetch succeeded. */
  fetchedAt: number | null;
  lastAttempt: number;
  inflight: Promise<void> | null;
}

export interface JwksOptions {
  minRefetchMs: () => number;
  maxAgeMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

const MAX_URIS = 50;
const MAX_KEYS = 100;

export class JwksCache {
  private readonly sets = new Map<string, KeySet>();
  private readonly now: () => number;

  constructor(
    private readonly http: HttpClient,
    private readonly log: Logger,
    private readonly opts: JwksOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Starts loading key sets not held yet (not awaited). */
  prefetch(uris: Iterable<string>): void {
    for (const uri of uris) if (this.sets.get(uri)?.fetchedAt == null) void this.load(uri);
  }

  /**
   * The hot path: the keys for `kid`/`alg` when they are already held and imported — no promise,
   * no await. Null when the asynchronous `keysFor` must decide (nothing held yet, an unknown kid,
   * a key still being imported).
   */
  keysNow(uri: string, kid: string | undefined, alg: JwsAlg): KeyObject[] | null {
    const set = this.sets.get(uri);
    if (!set || set.fetchedAt === null) return null;
    if (this.now() - set.fetchedAt > (this.opts.maxAgeMs ?? 10 * 60_000)) void this.load(uri);
    let out: KeyObject[] | null = null;
    for (const k of set.keys) {
      if (kid !== undefined && k.kid !== kid) continue;
      if (k.jwk.alg !== undefined && k.jwk.alg !== alg) continue;
      const key = k.resolved.get(alg);
      if (key === undefined) return null;
      if (key) (out ??= []).push(key);
      if (out && out.length >= 5) break;
    }
    return out;
  }

  /** The keys that may have signed a token with this `kid` and `alg` (empty: none known). */
  async keysFor(uri: string, kid: string | undefined, alg: JwsAlg): Promise<KeyObject[]> {
    const cooledDown = (s: KeySet) => this.now() - s.lastAttempt >= this.opts.minRefetchMs();
    let set = this.sets.get(uri);
    if (!set || (set.fetchedAt === null && (set.inflight || cooledDown(set)))) {
      // Nothing held yet: wait for the (possibly already running) first fetch.
      await this.load(uri);
      set = this.sets.get(uri);
    } else if (set.fetchedAt !== null && this.now() - set.fetchedAt > (this.opts.maxAgeMs ?? 10 * 60_000)) {
      void this.load(uri);
    }
    if (!set || set.fetchedAt === null) return [];
    let found = await this.select(set, kid, alg);
    if (found.length === 0 && kid !== undefined && cooledDown(set)) {
      await this.load(uri);
      found = await this.select(set, kid, alg);
    }
    return found;
  }

  private async select(set: KeySet, kid: string | undefined, alg: JwsAlg): Promise<KeyObject[]> {
    const out: KeyObject[] = [];
    for (const k of set.keys) {
      if (kid !== undefined && k.kid !== kid) continue;
      if (k.jwk.alg !== undefined && k.jwk.alg !== alg) continue;
      let imported = k.imported.get(alg);
      if (!imported) {
        imported = importKey(k.jwk, alg).then((key) => (k.resolved.set(alg, key), key));
        k.imported.set(alg, imported);
      }
      const key = await imported;
      if (key) out.push(key);
      if (out.length >= 5) break; // a kid-less token is tried against a few keys, never all
    }
    return out;
  }

  private load(uri: string): Promise<void> {
    let set = this.sets.get(uri);
    if (!set) {
      if (this.sets.size >= MAX_URIS) this.sets.delete(this.sets.keys().next().value!);
      set = { keys: [], fetchedAt: null, lastAttempt: Number.NEGATIVE_INFINITY, inflight: null };
      this.sets.set(uri, set);
    }
    const s = set;
    s.inflight ??= this.fetch(uri, s).finally(() => {
      s.inflight = null;
    });
    return s.inflight;
  }

  private async fetch(uri: string, set: KeySet): Promise<void> {
    set.lastAttempt = this.now();
    try {
      const res = await this.http.json({ method: "GET", url: uri, timeoutMs: this.opts.timeoutMs ?? 2000, maxBytes: 512 * 1024 });
      const keys = (res.data as { keys?: unknown } | undefined)?.keys;
      if (res.status !== 200 || !Array.isArray(keys)) throw new Error(`answered ${res.status} without a keys array`);
      set.keys = keys
        .slice(0, MAX_KEYS)
        .map(publicJwk)
        .filter((k): k is StoredKey => k !== null);
      set.fetchedAt = this.now();
      this.log.debug("jwks loaded", { jwks_uri: uri, keys: set.keys.length });
    } catch (err) {
      this.log.warn("failed to fetch the issuer's keys", { jwks_uri: uri, reason: err instanceof Error ? err.message : String(err) });
    }
  }
}

/** Keeps a signing key's public members only; drops encryption keys and unknown key types. */
function publicJwk(raw: unknown): StoredKey | null {
  if (!raw || typeof raw !== "object") return null;
  const j = raw as Record<string, unknown>;
  if (j.use !== undefined && j.use !== "sig") return null;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const kid = str(j.kid);
  const alg = str(j.alg);
  let jwk: JWK;
  if (j.kty === "RSA" && str(j.n) && str(j.e)) jwk = { kty: "RSA", n: str(j.n), e: str(j.e) };
  else if (j.kty === "EC" && str(j.crv) && str(j.x) && str(j.y)) jwk = { kty: "EC", crv: str(j.crv), x: str(j.x), y: str(j.y) };
  else if (j.kty === "OKP" && str(j.crv) && str(j.x)) jwk = { kty: "OKP", crv: str(j.crv), x: str(j.x) };
  else return null;
  if (alg) jwk.alg = alg;
  return { kid, jwk, imported: new Map(), resolved: new Map() };
}

async function importKey(jwk: JWK, alg: JwsAlg): Promise<KeyObject | null> {
  try {
    const imported = await importJWK({ ...jwk, alg }, alg);
    const key = imported instanceof Uint8Array ? null : KeyObject.from(imported);
    if (!key || key.type !== "public") return null;
    if (key.asymmetricKeyType?.startsWith("rsa") && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return null;
    return key;
  } catch {
    return null; // the key does not fit the algorithm (or is malformed)
  }
}
