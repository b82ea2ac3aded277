/**
 * A Map that holds at most `limit` entries: setting a key makes it the newest (Map keeps insertion
 * order), and past the limit the entry set longest ago goes first. The in-memory caches and
 * throttles of the console (lib/oauth, lib/auth, lib/api/rate-limit.ts) and of the authorizer
 * (lambda/tokens, lambda/config/policy-slot.ts) use it so that a flood of keys (sources, client
 * ids, tokens, JWKS URIs) cannot grow memory without bound; dropping an entry only ever costs a
 * cache miss or a fresh count. Written by hand: a subclass of Map of a few lines, where
 * an LRU library (lru-cache) would add a dependency, its own options and size to the authorizer
 * bundle too (lambda/ may import only policy/ and protocol/).
 * Pure: no platform or project imports.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    while (this.size > this.limit) super.delete(this.keys().next().value!);
    return this;
  }
}
