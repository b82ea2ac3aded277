import type { GatewayRequestEvent } from "../../protocol/decision-events";
import type { SetGatewayConfigurationRequest } from "../../protocol/discovery";
import { SYSTEM_QUERY } from "../../protocol/system-query";
import { PlatformError } from "../errors";
import type { HttpClient, HttpRequest } from "../http/client";
import type { PlatformAuth } from "./token";
import type { SystemUrls } from "./urls";

/**
 * The system API calls of the gateway protocol, each with the gateway's bearer token and
 * `?authorizer_version=` (configuration fetches also with `&reload_interval_ms=`, protocol/system-query.ts). A 401 means the cached token went stale (secret rotated, signing key
 * rotated): the token is dropped and the call retried once with a fresh one.
 */
export type ConfigurationFetch = { status: 200; body: unknown; etag: string | null } | { status: 304 };

export class SystemApi {
  constructor(
    private readonly http: HttpClient,
    private readonly auth: PlatformAuth,
    private readonly urls: SystemUrls,
    private readonly version: string,
  ) {}

  /**
   * `GET …/gateways/configuration` with If-None-Match: 304 keeps what the caller holds. Reports
   * the reload interval in force, which the console's "live" status waits for.
   */
  async configuration(etag: string | null, timeoutMs: number, reloadIntervalMs: number): Promise<ConfigurationFetch> {
    const res = await this.call({
      method: "GET",
      url: `${this.url(this.urls.configuration)}&${SYSTEM_QUERY.reloadIntervalMs}=${Math.round(reloadIntervalMs)}`,
      headers: etag ? { "if-none-match": etag } : {},
      timeoutMs,
    });
    if (res.status === 304) return { status: 304 };
    if (res.status !== 200) throw statusError("GET configuration", res.status, res.data, res.headers["retry-after"]);
    const tag = res.headers.etag;
    return { status: 200, body: res.data, etag: typeof tag === "string" ? tag : null };
  }

  /** `POST …/gateways/configuration`: what discovery found on API Gateway. */
  async pushApiGroups(body: SetGatewayConfigurationRequest, timeoutMs: number): Promise<unknown> {
    const res = await this.call({ method: "POST", url: this.url(this.urls.configuration), ...jsonBody(body), timeoutMs });
    if (res.status !== 200) throw statusError("POST configuration", res.status, res.data, res.headers["retry-after"]);
    return res.data;
  }

  /** `POST …/gateways/requests`: a batch of decision events. */
  async pushRequests(events: GatewayRequestEvent[], timeoutMs: number): Promise<void> {
    const res = await this.call({ method: "POST", url: this.url(this.urls.requests), ...jsonBody({ events }), timeoutMs });
    if (res.status !== 200) throw statusError("POST requests", res.status, res.data, res.headers["retry-after"]);
  }

  /** `POST …/gateways/introspect` (RFC 7662 form): the platform checks opaque tokens with the issuer. */
  async introspect(token: string, timeoutMs: number): Promise<Record<string, unknown>> {
    const res = await this.call({
      method: "POST",
      url: this.url(this.urls.introspect),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }).toString(),
      timeoutMs,
      maxBytes: 256 * 1024,
    });
    if (res.status !== 200) throw statusError("POST introspect", res.status, res.data, res.headers["retry-after"]);
    if (!res.data || typeof res.data !== "object" || Array.isArray(res.data)) throw new PlatformError("introspection answer is not an object", { status: 502 });
    return res.data as Record<string, unknown>;
  }

  private url(endpoint: string): string {
    return `${endpoint}?${SYSTEM_QUERY.authorizerVersion}=${encodeURIComponent(this.version)}`;
  }

  private async call(req: HttpRequest) {
    const send = async () => {
      const token = await this.auth.accessToken();
      return this.http.json({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } });
    };
    const res = await send();
    if (res.status !== 401) return res;
    this.auth.invalidate();
    return send();
  }
}

function jsonBody(body: unknown): Pick<HttpRequest, "headers" | "body"> {
  return { headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function statusError(what: string, status: number, data: unknown, retryAfter: string | string[] | undefined): PlatformError {
  const err = (data as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const detail = err && typeof err.message === "string" ? `: ${err.message.slice(0, 200)}` : "";
  const seconds = typeof retryAfter === "string" && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  return new PlatformError(`${what} answered ${status}${detail}`, { status, retryAfterSeconds: seconds });
}
