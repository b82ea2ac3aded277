import { env } from "../env";

/** Lifetime of gateway access tokens (GATEHOUSE_ACCESS_TOKEN_TTL_SECONDS, default 300). */
export function accessTokenTtlSeconds(): number {
  return env().GATEHOUSE_ACCESS_TOKEN_TTL_SECONDS;
}

/**
 * How long a rotated-out signing key stays published (GATEHOUSE_KEY_OVERLAP_SECONDS, default
 * 24 h). Never shorter than the token TTL, or tokens it signed would stop verifying early.
 */
export function keyOverlapSeconds(): number {
  return Math.max(env().GATEHOUSE_KEY_OVERLAP_SECONDS, accessTokenTtlSeconds());
}
