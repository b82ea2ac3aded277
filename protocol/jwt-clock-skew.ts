/**
 * How far apart in time two clocks may be when a JWT's `exp`, `nbf` and `iat` are checked. One
 * value for the console (its own access tokens, trusted issuers' tokens) and the authorizer (the
 * same tokens at the gateway): they must agree on whether a token is still valid, or the console
 * would call a token good that the gateway refuses, or the other way round. 30 s covers the drift
 * between an identity provider, Lambda hosts and a self-hosted console, and keeps an expired token
 * usable for at most 30 s — half the shortest lifetime the console issues (60 s).
 * Pure: no platform or project imports.
 */
export const JWT_CLOCK_SKEW_SECONDS = 30;
