/**
 * Where to go after signing in. Only a page of the console itself may be a callback: the value is
 * parsed as a URL against the console's origin — as a browser would, which drops tabs and line
 * breaks and reads `//host` or `/\host` as another host — and anything that lands on another
 * origin (or does not parse) becomes the home page. What is returned is rebuilt from the parsed
 * URL, never the raw value, and starts with exactly one slash, so it can be neither read as
 * another host nor put a control character into a Location header.
 */
export const HOME = "/";

export function safeCallbackPath(raw: unknown, consoleOrigin: string): string {
  const value = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof value !== "string" || value === "" || value.length > 2000) return HOME;
  let url: URL;
  try {
    url = new URL(value, consoleOrigin);
  } catch {
    return HOME;
  }
  if (url.origin !== new URL(consoleOrigin).origin) return HOME;
  return `/${url.pathname.replace(/^\/+/, "")}${url.search}${url.hash}`;
}
