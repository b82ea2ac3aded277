import { realClock, type Clock } from "../../protocol/clock";
import { PlatformError } from "../errors";
import type { HttpClient } from "../http/client";
import type { SystemUrls } from "./urls";

/**
 * The gateway's own access token for the system API: the client_credentials grant with
 * client_secret_post. The token is reused until shortly before it expires (30 s, or a tenth of a
 * short lifetime) and fetched single-flight; a 401 from the system API drops it so the next call
 * gets a fresh one.
 *
 * The token endpoint. Gatehouse and Cloudentity both serve it at `{issuer}/oauth2/token`, so the
 * first grant goes there at once instead of waiting for OpenID discovery (one round trip less on
 * a cold start). Discovery is still fetched, in parallel, once per container, and it is honoured:
 * - it names another token endpoint → that one is used from then on (and a grant the derived
 *   endpoint refused is retried there);
 * - it names another issuer than ACP_ISSUER_URL (OpenID Connect Discovery § 4.3) → a
 *   misconfiguration: the token is dropped and every later call fails, as before (fail closed);
 * - it cannot be fetched → the derived endpoint stays in use (discovery is retried on the next
 *   grant).
 */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

const TIMEOUT_MS = 3000;

export class PlatformAuth {
  private tokenEndpoint: string;
  private discovered: Promise<void> | null = null;
  private discoveryDone = false;
  private misconfigured: PlatformError | null = null;
  private token: { value: string; refreshAt: number } | null = null;
  private inflight: Promise<string> | null = null;

  constructor(
    private readonly http: HttpClient,
    private readonly urls: SystemUrls,
    private readonly credentials: ClientCredentials,
    private readonly clock: Pick<Clock, "now"> = realClock,
  ) {
    this.tokenEndpoint = `${urls.issuer}/oauth2/token`;
  }

  async accessToken(): Promise<string> {
    if (this.misconfigured) throw this.misconfigured;
    if (this.token && this.clock.now() < this.token.refreshAt) return this.token.value;
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  invalidate(): void {
    this.token = null;
  }

  /** Discovery, once per container (again after a failure); never rejects. */
  private discover(): Promise<void> {
    if (this.discoveryDone) return Promise.resolve();
    this.discovered ??= this.fetchDiscovery()
      .then((endpoint) => {
        this.discoveryDone = true;
        this.tokenEndpoint = endpoint;
      })
      .catch((err: unknown) => {
        if (err instanceof Misconfigured) {
          this.discoveryDone = true;
          this.misconfigured = err.error;
          this.token = null;
        }
      })
      .finally(() => {
        this.discovered = null;
      });
    return this.discovered;
  }

  private async fetchDiscovery(): Promise<string> {
    const res = await this.http.json({ method: "GET", url: this.urls.discovery, timeoutMs: TIMEOUT_MS, maxBytes: 1024 * 1024 });
    if (res.status !== 200) throw new PlatformError(`discovery at ${this.urls.discovery} answered ${res.status}`, { status: res.status });
    const doc = res.data as { issuer?: unknown; token_endpoint?: unknown } | undefined;
    const endpoint = doc?.token_endpoint;
    if (typeof endpoint !== "string" || !/^https?:\/\//.test(endpoint)) {
      throw new PlatformError(`discovery at ${this.urls.discovery} has no http(s) token_endpoint`, { status: 502 });
    }
    if (typeof doc?.issuer === "string" && doc.issuer.replace(/\/+$/, "") !== this.urls.issuer) {
      throw new Misconfigured(new PlatformError(`discovery names issuer ${doc.issuer}, not ${this.urls.issuer} (check ACP_ISSUER_URL)`, { status: 502 }));
    }
    return endpoint;
  }

  private async fetchToken(): Promise<string> {
    const discovery = this.discover();
    const tried = this.tokenEndpoint;
    try {
      const token = await this.grant(tried);
      if (this.misconfigured) throw this.misconfigured;
      return token;
    } catch (err) {
      // The derived endpoint may not be the platform's: wait for discovery and retry where it says.
      await discovery;
      if (this.misconfigured) throw this.misconfigured;
      if (this.tokenEndpoint === tried) throw err;
      return this.grant(this.tokenEndpoint);
    }
  }

  private async grant(endpoint: string): Promise<string> {
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
      const oauthError = typeof data?.error === "string" ? ` (${data.error.slice(0, 100)})` : "";
      throw new PlatformError(`the token endpoint refused the client credentials: ${res.status}${oauthError}`, { status: res.status === 200 ? 502 : res.status });
    }
    const lifetime = typeof data.expires_in === "number" && data.expires_in > 0 ? data.expires_in * 1000 : 60_000;
    const margin = Math.min(30_000, lifetime / 10);
    this.token = { value: data.access_token, refreshAt: this.clock.now() + lifetime - margin };
    return data.access_token;
  }
}

/** Discovery says ACP_ISSUER_URL is not the platform's issuer. */
class Misconfigured extends Error {
  constructor(readonly error: PlatformError) {
    super(error.message);
  }
}
