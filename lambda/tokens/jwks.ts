import { realClock, type Clock } from "../../protocol/clock";
import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { BoundedMap } from "../../protocol/bounded-map";
import type { HttpClient } from "../http/client";
import type { Logger } from "../log";
import { DEFAULT_JWKS_MAX_AGE_MS } from "../settings/settings";
import { ALLOWED_ALGS, type JwsAlg } from "./jwt";

/**
 * The trusted issuers' signing keys, per `jwks_uri`, for the life of the container.
 *
 * - Keys come from the configuration when the console embedded them (`trusted_issuers[].jwks`,
 *   with the time the console fetched them: `seed`), or are fetched on first use (or prefetched
 *   when a configuration names the issuer).
 * - Age (JWKS_MAX_AGE, default 10 min): a key set is refreshed in the background once older than
 *   half of it, and never used once older than all of it — then a token waits for a fetch, and
 *   when the JWKS cannot be fetched its tokens find no key (401/Deny), never pass. So a key the
 *   issuer removed stops verifying within the age, and an unreachable JWKS fails closed.
 * - A token whose `kid` is not in the set triggers one refetch — at most once per
 *   `minRefetchMs()` (the reload interval) per URI — which is how a rotated key is picked up,
 *   without letting a stream of made-up kids hammer the issuer. Failed fetches are retried no
 *   more often either.
 * - Only public members of a JWK are kept. node:crypto imports it (`createPublicKey`, format
 *   jwk) — synchronously, so embedded keys are ready before the first request and no WebCrypto
 *   is loaded on a cold start (jose's importJWK goes through it) — and the imported key is bound
 *   to the algorithm it is used with: by its own type and curve, not the JWK's say-so (`fitsAlg`:
 *   RSA for RS and PS algorithms, P-256/P-384/P-521 for ES256/384/512, Ed25519 for EdDSA). RSA keys under
 *   2048 bits are refused.
 */
interface StoredKey {
  kid: string | undefined;
  /** The JWK's `alg`, when it names one (the key is then used with that one only). */
  alg: string | undefined;
  jwk: JsonWebKey;
  /** The JWK's text: a refreshed set keeps the imports of keys it still has. */
  text: string;
  /** The imported key (null: unusable), on first use. */
  key: KeyObject | null | undefined;
  /** Whether it fits each algorithm it was asked for. */
  fits: Map<JwsAlg, boolean>;
}

interface KeySet {
  keys: StoredKey[];
  /** When these keys were fetched (by us, or by the console for embedded ones); null until then. */
  fetchedAt: number | null;
  lastAttempt: number;
  inflight: Promise<void> | null;
  /** `select`'s answers for these keys, by kid then alg (the hot path allocates nothing). */
  selected: Map<string | undefined, Map<JwsAlg, KeyObject[]>>;
}

export interface JwksOptions {
  minRefetchMs: () => number;
  /** JWKS_MAX_AGE (read on every use: the console may change it). */
  maxAgeMs?: () => number;
  timeoutMs?: number;
  /** Only its time is read (protocol/clock.ts). */
  clock?: Pick<Clock, "now">;
}

const MAX_URIS = 50;
const MAX_KEYS = 100;

export class JwksCache {
  private readonly sets = new BoundedMap<string, KeySet>(MAX_URIS);
  private readonly clock: Pick<Clock, "now">;
  private readonly maxAge: () => number;

  constructor(
    private readonly http: HttpClient,
    private readonly log: Logger,
    private readonly opts: JwksOptions,
  ) {
    this.clock = opts.clock ?? realClock;
    this.maxAge = opts.maxAgeMs ?? (() => DEFAULT_JWKS_MAX_AGE_MS);
  }

  /** Starts loading key sets not held (or no longer usable), not awaited. */
  prefetch(uris: Iterable<string>): void {
    for (const uri of uris) {
      const set = this.sets.get(uri);
      if (!set || !this.usable(set)) void this.load(uri);
    }
  }

  /**
   * Keys the console fetched at `fetchedAt` (embedded in the configuration). They replace what is
   * held only when younger; their imports start now, so the first request finds them ready.
   */
  seed(uri: string, keys: unknown[], fetchedAt: number): void {
    const now = this.clock.now();
    const at = Math.min(fetchedAt, now); // a console clock ahead of ours must not make keys live longer
    if (now - at > this.maxAge()) return;
    const set = this.setOf(uri);
    if (set.fetchedAt !== null && set.fetchedAt >= at) return;
    this.install(set, keys, at);
    for (const k of set.keys) importOnce(k); // now, not on the first request's path
  }

  /**
   * The hot path: the keys for `kid`/`alg` when they are already held and young enough — no
   * promise, no await. Null when the asynchronous `keysFor` must decide (nothing usable held, an
   * unknown kid).
   */
  keysNow(uri: string, kid: string | undefined, alg: JwsAlg): KeyObject[] | null {
    const set = this.sets.get(uri);
    if (!set || set.fetchedAt === null) return null;
    const age = this.clock.now() - set.fetchedAt;
    const maxAge = this.maxAge();
    if (age > maxAge) return null;
    if (age > maxAge / 2) this.refreshSoon(uri, set);
    const out = select(set, kid, alg);
    return out.length > 0 ? out : null;
  }

  /** The keys that may have signed a token with this `kid` and `alg` (empty: none usable). */
  async keysFor(uri: string, kid: string | undefined, alg: JwsAlg): Promise<KeyObject[]> {
    let set = this.sets.get(uri);
    if (!set || !this.usable(set)) {
      // Nothing usable held: wait for the (possibly already running) fetch, unless one just failed.
      if (!set || set.inflight || this.cooledDown(set)) await this.load(uri);
      set = this.sets.get(uri);
      if (!set || !this.usable(set)) return [];
    } else if (this.clock.now() - set.fetchedAt! > this.maxAge() / 2) {
      this.refreshSoon(uri, set);
    }
    let found = select(set, kid, alg);
    if (found.length === 0 && kid !== undefined && this.cooledDown(set)) {
      await this.load(uri);
      if (!this.usable(set)) return [];
      found = select(set, kid, alg);
    }
    return found;
  }

  private usable(set: KeySet): boolean {
    return set.fetchedAt !== null && this.clock.now() - set.fetchedAt <= this.maxAge();
  }

  private cooledDown(set: KeySet): boolean {
    return this.clock.now() - set.lastAttempt >= this.opts.minRefetchMs();
  }

  private refreshSoon(uri: string, set: KeySet): void {
    if (!set.inflight && this.cooledDown(set)) void this.load(uri);
  }

  private setOf(uri: string): KeySet {
    let set = this.sets.get(uri);
    if (!set) {
      set = { keys: [], fetchedAt: null, lastAttempt: Number.NEGATIVE_INFINITY, inflight: null, selected: new Map() };
      this.sets.set(uri, set);
    }
    return set;
  }

  private install(set: KeySet, raw: unknown[], fetchedAt: number): void {
    const held = new Map(set.keys.map((k) => [k.text, k]));
    set.keys = raw
      .slice(0, MAX_KEYS)
      .map(publicJwk)
      .filter((k): k is StoredKey => k !== null)
      .map((k) => held.get(k.text) ?? k);
    set.selected = new Map();
    set.fetchedAt = fetchedAt;
  }

  private load(uri: string): Promise<void> {
    const s = this.setOf(uri);
    s.inflight ??= this.fetch(uri, s).finally(() => {
      s.inflight = null;
    });
    return s.inflight;
  }

  private async fetch(uri: string, set: KeySet): Promise<void> {
    set.lastAttempt = this.clock.now();
    try {
      const res = await this.http.json({ method: "GET", url: uri, timeoutMs: this.opts.timeoutMs ?? 2000, maxBytes: 512 * 1024 });
      const keys = (res.data as { keys?: unknown } | undefined)?.keys;
      if (res.status !== 200 || !Array.isArray(keys)) throw new Error(`answered ${res.status} without a keys array`);
      this.install(set, keys, this.clock.now());
      this.log.debug("jwks loaded", { jwks_uri: uri, keys: set.keys.length });
    } catch (err) {
      const age = set.fetchedAt === null ? null : Math.round(this.clock.now() - set.fetchedAt);
      this.log.warn("failed to fetch the issuer's keys", {
        jwks_uri: uri,
        reason: err instanceof Error ? err.message : String(err),
        ...(age === null ? {} : { age_ms: age, usable: age <= this.maxAge() }),
      });
    }
  }
}

function select(set: KeySet, kid: string | undefined, alg: JwsAlg): KeyObject[] {
  let byAlg = set.selected.get(kid);
  const hit = byAlg?.get(alg);
  if (hit) return hit;
  const out = selectFrom(set, kid, alg);
  // Only kids the set has are remembered: made-up kids must not grow the map.
  if (out.length > 0) {
    if (!byAlg) set.selected.set(kid, (byAlg = new Map<JwsAlg, KeyObject[]>()));
    byAlg.set(alg, out);
  }
  return out;
}

function selectFrom(set: KeySet, kid: string | undefined, alg: JwsAlg): KeyObject[] {
  const out: KeyObject[] = [];
  for (const k of set.keys) {
    if (kid !== undefined && k.kid !== kid) continue;
    if (k.alg !== undefined && k.alg !== alg) continue;
    const key = importOnce(k);
    if (!key) continue;
    let fits = k.fits.get(alg);
    if (fits === undefined) k.fits.set(alg, (fits = fitsAlg(key, alg)));
    if (fits) out.push(key);
    if (out.length >= 5) break; // a kid-less token is tried against a few keys, never all
  }
  return out;
}

/** Keeps a signing key's public members only; drops encryption keys and unknown key types. */
function publicJwk(raw: unknown): StoredKey | null {
  if (!raw || typeof raw !== "object") return null;
  const j = raw as Record<string, unknown>;
  if (j.use !== undefined && j.use !== "sig") return null;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const kid = str(j.kid);
  const alg = str(j.alg);
  let jwk: JsonWebKey;
  if (j.kty === "RSA" && str(j.n) && str(j.e)) jwk = { kty: "RSA", n: str(j.n), e: str(j.e) };
  else if (j.kty === "EC" && str(j.crv) && str(j.x) && str(j.y)) jwk = { kty: "EC", crv: str(j.crv), x: str(j.x), y: str(j.y) };
  else if (j.kty === "OKP" && str(j.crv) && str(j.x)) jwk = { kty: "OKP", crv: str(j.crv), x: str(j.x) };
  else return null;
  if (alg !== undefined && !(ALLOWED_ALGS as readonly string[]).includes(alg)) return null; // e.g. an HS256 or RSA-OAEP key
  return { kid, alg, jwk, text: JSON.stringify([kid, alg, jwk]), key: undefined, fits: new Map() };
}

function importOnce(k: StoredKey): KeyObject | null {
  if (k.key !== undefined) return k.key;
  try {
    const key = createPublicKey({ key: k.jwk, format: "jwk" });
    const rsaTooShort = key.asymmetricKeyType === "rsa" && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048;
    k.key = key.type === "public" && !rsaTooShort ? key : null;
  } catch {
    k.key = null; // malformed
  }
  return k.key;
}

const CURVE: Partial<Record<JwsAlg, string>> = { ES256: "prime256v1", ES384: "secp384r1", ES512: "secp521r1" };

/** The key's own type (and curve) must be the algorithm's: never an RSA key for ES256, P-384 for ES256, … */
export function fitsAlg(key: KeyObject, alg: JwsAlg): boolean {
  const type = key.asymmetricKeyType;
  if (alg.startsWith("RS") || alg.startsWith("PS")) return type === "rsa";
  const curve = CURVE[alg];
  if (curve !== undefined) return type === "ec" && key.asymmetricKeyDetails?.namedCurve === curve;
  return alg === "EdDSA" && type === "ed25519";
}
