/**
 * The console's Content-Security-Policy, one nonce per page response (proxy.ts sets it on the
 * request, so Next.js puts the nonce on its own scripts, and on the response). Scripts run only
 * with the nonce — 'strict-dynamic' lets those load the page's chunks — so an injected script
 * never runs, and no 'unsafe-inline' or 'unsafe-eval' is allowed (React needs eval only in
 * development). Style attributes (style-src-attr) stay allowed: Next.js's built-in error pages
 * and client components set them; they cannot run script.
 */
export function contentSecurityPolicy(nonce: string, opts: { development: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh, unguessable nonce (128 random bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
