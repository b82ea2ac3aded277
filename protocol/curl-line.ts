/**
 * How a client calls a stage, as one shell line: the console's invoke-URL answer and its
 * test-request form print it, so both say the same. The token is always the shell variable
 * `$TOKEN`, never a value: a line people copy into terminals and tickets must not carry a secret.
 * Pure: no platform or project imports.
 */
export interface CurlRequest {
  /** The stage's invoke URL, without a trailing path. */
  url: string;
  /** Path (and query string) under the stage; "/" when empty. */
  path: string;
  method?: string;
  /** Send `Authorization: Bearer $TOKEN` (the form sends a token only when one is given). */
  bearer?: boolean;
  /** Further request headers, in order. */
  headers?: [name: string, value: string][];
}

const shellQuote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

export function curlLine({ url, path, method = "GET", bearer = true, headers = [] }: CurlRequest): string {
  const full = `${url.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
  const parts = ["curl", "-i"];
  if (method === "HEAD") parts.push("-I");
  else if (method !== "GET" && method !== "ANY") parts.push("-X", method);
  if (bearer) parts.push("-H", '"Authorization: Bearer $TOKEN"');
  for (const [name, value] of headers) parts.push("-H", shellQuote(`${name}: ${value}`));
  parts.push(shellQuote(full));
  return parts.join(" ");
}
