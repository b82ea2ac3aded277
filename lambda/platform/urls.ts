/**
 * Where the platform's system API lives, derived from ACP_ISSUER_URL. The gateway client's issuer
 * is `{base}/{tenant}/{server}` (Gatehouse: `{console}/default/system`; Cloudentity:
 * `https://{host}/{tenant}/system`), and the system API is `{base}/api/system/{tenant}` on the same
 * origin. `{base}` may carry a path prefix (a console served under `/gatehouse`).
 */
export interface SystemUrls {
  issuer: string;
  discovery: string;
  base: string;
  tenant: string;
  serverId: string;
  configuration: string;
  requests: string;
  introspect: string;
}

export type SystemUrlsResult = { ok: true; urls: SystemUrls } | { ok: false; error: string };

export function systemUrls(issuerUrl: string): SystemUrlsResult {
  let url: URL;
  try {
    url = new URL(issuerUrl);
  } catch {
    return { ok: false, error: "must be an absolute http(s) URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, error: "must be an http(s) URL" };
  if (url.search || url.hash || url.username || url.password) return { ok: false, error: "must not carry a query, fragment or credentials" };
  const segments = url.pathname.split("/").filter((s) => s !== "");
  if (segments.length < 2) return { ok: false, error: "must end with /{tenant}/{server}, e.g. https://console.example.com/default/system" };
  const serverId = decodeURIComponent(segments[segments.length - 1]!);
  const tenant = decodeURIComponent(segments[segments.length - 2]!);
  const prefix = segments.slice(0, -2).join("/");
  const base = `${url.origin}${prefix ? `/${prefix}` : ""}`;
  const issuer = `${base}/${segments.slice(-2).join("/")}`;
  const api = `${base}/api/system/${encodeURIComponent(tenant)}/gateways`;
  return {
    ok: true,
    urls: {
      issuer,
      discovery: `${issuer}/.well-known/openid-configuration`,
      base,
      tenant,
      serverId,
      configuration: `${api}/configuration`,
      requests: `${api}/requests`,
      introspect: `${api}/introspect`,
    },
  };
}
