import { PlatformError } from "../errors";
import type { HttpClient } from "../http/client";
import type { SystemUrls } from "./urls";

/**
 * The gateway's own access token for the system API: OpenID discovery at the issuer (once per
 * container), then the client_credentials grant with client_secret_post. The token is reused
 * until shortly before it expires (30 s, or a tenth of a short lifetime) and fetched
 * single-flight; a 401 from the system API drops it so the next call gets a fresh one.
 */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

const TIMEOUT_MS = 3000;

export class PlatformAuth {
  private tokenEndpoint: string | null = null;
  private token: { value: string; refreshAt: number } | null = null;
  private inflight: Promise<string> | null = null;

  constructor(
    private readonly http: HttpClient,
    private readonly urls: SystemUrls,
    private readonly credentials: ClientCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  async accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.refreshAt) return this.token.value;
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  invalidate(): void {
    this.token = null;
  }

  private async discover(): Promise<string> {
    if (this.tokenEndpoint) return this.tokenEndpoint;
    const res = await this.http.json({ method: "GET", url: this.urls.discovery, timeoutMs: TIMEOUT_MS, maxBytes: 1024 * 1024 });
    if (res.status !== 200) throw new PlatformError(`discovery at ${this.urls.discovery} answered ${res.status}`, res.status);
    const doc = res.data as { issuer?: unknown; token_endpoint?: unknown } | undefined;
    const endpoint = doc?.token_endpoint;
    if (typeof endpoint !== "string" || !/^https?:\/\//.test(endpoint)) {
      throw new PlatformError(`discovery at ${this.urls.discovery} has no http(s) token_endpoint`, 502);
    }
    // OpenID Connect Discovery § 4.3: the document must name the issuer it was fetched for.
    if (typeof doc?.issuer === "string" && doc.issuer.replace(/\/+$/, "") !== this.urls.issuer) {
      throw new PlatformError(`discovery names issuer ${doc.issuer}, not ${this.urls.issuer} (check ACP_ISSUER_URL)`, 502);
    }
    this.tokenEndpoint = endpoint;
    return endpoint;
  }

  private async fetchToken(): Promise<string> {
    const endpoint = await this.discover();
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
    });
    const res = await this.http.json({
      method: "POST",
      url: endpoint,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      timeoutMs: TIMEOUT_MS,
      maxBytes: 64 * 1024,
    });
    const data = res.data as { access_token?: unknown; expires_in?: unknown; error?: unknown } | undefined;
    if (res.status !== 200 || typeof data?.access_token !== "string" || data.access_token === "") {
      if (res.status === 404) this.tokenEndpoint = null; // discovery may have moved it
      const oauthError = typeof data?.error === "string" ? ` (${data.error.slice(0, 100)})` : "";
      throw new PlatformError(`the token endpoint refused the client credentials: ${res.status}${oauthError}`, res.status === 200 ? 502 : res.status);
    }
    const lifetime = typeof data.expires_in === "number" && data.expires_in > 0 ? data.expires_in * 1000 : 60_000;
    const margin = Math.min(30_000, lifetime / 10);
    this.token = { value: data.access_token, refreshAt: this.now() + lifetime - margin };
    return data.access_token;
  }
}
