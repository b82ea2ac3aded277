import { realClock, type Clock } from "../../protocol/clock";
import type { KeyObject } from "node:crypto";
import type { TrustedIssuer } from "../config/compile";
import type { Introspector } from "./introspection";
import type { JwksCache } from "./jwks";
import { addScp, checkClaims, looksLikeJwt, parseJws, verifySignature, type ParsedJws } from "./jwt";
import { JWT_CLOCK_SKEW_SECONDS } from "../../protocol/jwt-clock-skew";

/**
 * From a bearer token to the authn context (the verified claims), or why not.
 * JWTs are verified against their issuer's keys — the issuer must be one of the configuration's
 * trusted issuers, matched exactly on `iss`. Opaque tokens (and JWTs of a trusted issuer that has
 * introspection but no JWKS) go to introspection when some trusted issuer offers it.
 * The authn context gets `scp` (the scopes as a list) when the token only has `scope`, as the
 * protocol's identity-context validators expect.
 */
export type TokenFailure =
  | "missing"
  | "malformed"
  | "unsupported_alg"
  | "untrusted_issuer"
  | "unknown_key"
  | "bad_signature"
  | "expired"
  | "not_yet_valid"
  | "wrong_audience"
  | "inactive"
  | "introspection_failed";

export type AuthResult = { ok: true; claims: Record<string, unknown>; issuer: string } | { ok: false; reason: TokenFailure };

export interface VerifierOptions {
  skewSeconds?: number;
  /** Only its time is read (protocol/clock.ts). */
  clock?: Pick<Clock, "now">;
}

export class TokenVerifier {
  private readonly skew: number;
  private readonly clock: Pick<Clock, "now">;

  constructor(
    private readonly jwks: JwksCache,
    private readonly introspector: Introspector | null,
    opts: VerifierOptions = {},
  ) {
    this.skew = opts.skewSeconds ?? JWT_CLOCK_SKEW_SECONDS;
    this.clock = opts.clock ?? realClock;
  }

  /**
   * Synchronous when the issuer's keys are held (the usual warm case: no promise is created);
   * a promise when keys must be fetched or a token introspected.
   */
  authenticate(token: string, issuers: readonly TrustedIssuer[]): AuthResult | Promise<AuthResult> {
    if (!looksLikeJwt(token)) return this.viaIntrospection(token, issuers);
    const parsed = parseJws(token);
    if (!parsed.ok) return { ok: false, reason: parsed.reason };
    const { jws } = parsed;
    const iss = jws.payload.iss;
    const issuer = typeof iss === "string" ? issuers.find((i) => i.issuer === iss) : undefined;
    if (!issuer) return { ok: false, reason: "untrusted_issuer" };
    if (!issuer.jwksUri) return issuer.introspection ? this.viaIntrospection(token, [issuer]) : { ok: false, reason: "untrusted_issuer" };
    const held = this.jwks.keysNow(issuer.jwksUri, jws.kid, jws.alg);
    if (held) return this.check(jws, held, issuer);
    return this.jwks.keysFor(issuer.jwksUri, jws.kid, jws.alg).then((keys) => this.check(jws, keys, issuer));
  }

  private check(jws: ParsedJws, keys: KeyObject[], issuer: TrustedIssuer): AuthResult {
    if (keys.length === 0) return { ok: false, reason: "unknown_key" };
    if (!keys.some((k) => verifySignature(jws, k))) return { ok: false, reason: "bad_signature" };
    const claimFailure = checkClaims(jws.payload, { nowSeconds: this.clock.now() / 1000, skewSeconds: this.skew, audiences: issuer.audiences });
    if (claimFailure) return { ok: false, reason: claimFailure };
    return { ok: true, claims: jws.payload, issuer: issuer.issuer }; // `scp` added when decoded (jwt.ts)
  }

  private async viaIntrospection(token: string, issuers: readonly TrustedIssuer[]): Promise<AuthResult> {
    if (!this.introspector || !issuers.some((i) => i.introspection)) return { ok: false, reason: "malformed" };
    const r = await this.introspector.introspect(token);
    if ("error" in r) return { ok: false, reason: "introspection_failed" };
    if (!r.active) return { ok: false, reason: "inactive" };
    const { claims } = r;
    const iss = typeof claims.iss === "string" ? claims.iss : undefined;
    const issuer = iss === undefined ? undefined : issuers.find((i) => i.issuer === iss && i.introspection);
    if (iss !== undefined && !issuer) return { ok: false, reason: "untrusted_issuer" };
    if (typeof claims.exp === "number" && this.clock.now() / 1000 - this.skew >= claims.exp) return { ok: false, reason: "expired" };
    return { ok: true, claims: withScp(claims), issuer: iss ?? "introspection" };
  }
}

/** Introspection answers are not decoded by jwt.ts: they get `scp` here (a copy: the answer is not ours). */
function withScp(claims: Record<string, unknown>): Record<string, unknown> {
  if (claims.scp !== undefined || typeof claims.scope !== "string") return claims;
  const ctx = { ...claims };
  addScp(ctx);
  return Object.freeze(ctx);
}
