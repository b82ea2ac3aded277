import { realClock, type Clock } from "../../protocol/clock";
import { createHash } from "node:crypto";
import { BoundedMap } from "../../protocol/bounded-map";

/**
 * Opaque tokens, checked through the platform's `POST …/gateways/introspect` (the platform holds
 * the credentials of the issuers' introspection endpoints; the authorizer only has its own).
 *
 * Answers are cached by the token's SHA-256 (the token itself is never kept): an active answer
 * for the token's remaining lifetime (capped at `maxTtlMs`), an inactive one briefly
 * (`negativeTtlMs`), at most `maxEntries` (oldest evicted first). A failed call is not cached.
 */
export type IntrospectionResult = { active: true; claims: Record<string, unknown> } | { active: false } | { error: string };

export interface IntrospectorOptions {
  maxEntries?: number;
  maxTtlMs?: number;
  negativeTtlMs?: number;
  /** Only its time is read (protocol/clock.ts). */
  clock?: Pick<Clock, "now">;
}

export class Introspector {
  private readonly cache: BoundedMap<string, { result: IntrospectionResult; until: number }>;
  private readonly clock: Pick<Clock, "now">;

  constructor(
    private readonly call: (token: string) => Promise<Record<string, unknown>>,
    private readonly opts: IntrospectorOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.cache = new BoundedMap(opts.maxEntries ?? 1000);
  }

  get size(): number {
    return this.cache.size;
  }

  async introspect(token: string): Promise<IntrospectionResult> {
    const key = createHash("sha256").update(token).digest("base64url");
    const now = this.clock.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.result;
    if (hit) this.cache.delete(key);
    let answer: Record<string, unknown>;
    try {
      answer = await this.call(token);
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
    const maxTtl = this.opts.maxTtlMs ?? 5 * 60_000;
    let result: IntrospectionResult;
    let ttl: number;
    if (answer.active === true) {
      const { active: _active, ...claims } = answer;
      result = { active: true, claims };
      const exp = typeof answer.exp === "number" ? answer.exp * 1000 : null;
      ttl = exp === null ? Math.min(maxTtl, 60_000) : Math.min(maxTtl, exp - now);
    } else {
      result = { active: false };
      ttl = this.opts.negativeTtlMs ?? 10_000;
    }
    if (ttl > 0) {
      this.cache.set(key, { result, until: now + ttl });
    }
    return result;
  }
}
