import http from "node:http";
import type https from "node:https";
import { createRequire } from "node:module";
import type zlibTypes from "node:zlib";
import { PlatformError } from "../errors";

/*
 * node:https (with tls, ~8 ms to load) and node:zlib (~2.5 ms) are loaded on first use rather
 * than at cold start: most answers are not compressed, and TLS is only paid for when the
 * platform is reached over https. The bundle is CommonJS and has `require`; from source (ESM,
 * tests) `createRequire` stands in.
 */
// Only built-ins are loaded this way, so the base path given to createRequire does not matter.
const load: NodeRequire = typeof require === "function" ? require : createRequire(`${process.cwd()}/`);
let httpsModule: typeof https | undefined;
const httpsLib = () => (httpsModule ??= load("node:https") as typeof https);
let zlibModule: typeof zlibTypes | undefined;
const zlib = () => (zlibModule ??= load("node:zlib") as typeof zlibTypes);

/**
 * The authorizer's HTTP client (platform, JWKS, introspection): node:http(s) rather than fetch so
 * that HTTP_CLIENT_ROOT_CA (`ca`, added to the system roots so public issuers still verify) and
 * HTTP_CLIENT_INSECURE_SKIP_VERIFY (`rejectUnauthorized: false`) apply. Keep-alive agents live
 * for the container; a request that fails on a reused socket (closed while the function was
 * frozen) is retried once on a fresh one. Every request has a deadline and a body size limit.
 */
export interface HttpClientOptions {
  rootCa?: string | undefined;
  insecureSkipVerify?: boolean;
  userAgent?: string;
}

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export class HttpClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  private httpsAgent: https.Agent | undefined;
  private readonly userAgent: string;

  constructor(private readonly opts: HttpClientOptions = {}) {
    this.userAgent = opts.userAgent ?? "gatehouse-authorizer";
  }

  private tlsAgent(): https.Agent {
    this.httpsAgent ??= new (httpsLib().Agent)({
      keepAlive: true,
      maxSockets: 8,
      // The custom CA is added to the system roots, so public issuers' JWKS still verify.
      ...(this.opts.rootCa ? { ca: [...(load("node:tls") as { rootCertificates: readonly string[] }).rootCertificates, this.opts.rootCa] } : {}),
      rejectUnauthorized: !this.opts.insecureSkipVerify,
    });
    return this.httpsAgent;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    try {
      return await this.once(req);
    } catch (err) {
      if (err instanceof StaleSocketError) return this.once(req);
      throw err;
    }
  }

  /** GET/POST expecting JSON; a non-JSON body is a PlatformError with the response status. */
  async json(req: HttpRequest): Promise<{ status: number; headers: http.IncomingHttpHeaders; data: unknown }> {
    const res = await this.request({ ...req, headers: { accept: "application/json", ...req.headers } });
    if (res.status === 304 || res.body === "") return { status: res.status, headers: res.headers, data: undefined };
    try {
      return { status: res.status, headers: res.headers, data: JSON.parse(res.body) as unknown };
    } catch {
      throw new PlatformError(`${new URL(req.url).pathname} answered ${res.status} with a body that is not JSON`, { status: res.status });
    }
  }

  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent?.destroy();
  }

  private once(req: HttpRequest): Promise<HttpResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return Promise.reject(new PlatformError(`invalid URL`, { status: 0 }));
    }
    const isHttps = url.protocol === "https:";
    if (!isHttps && url.protocol !== "http:") return Promise.reject(new PlatformError(`unsupported URL scheme ${url.protocol}`, { status: 0 }));
    const lib = isHttps ? httpsLib() : http;
    const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
    const where = `${url.host}${url.pathname}`;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
        r.destroy();
      };
      const headers: Record<string, string> = { "user-agent": this.userAgent, "accept-encoding": "gzip, deflate, br", ...req.headers };
      if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
      const r = lib.request(url, { method: req.method, headers, agent: isHttps ? this.tlsAgent() : this.httpAgent });
      const timer = setTimeout(() => fail(new PlatformError(`${where} did not answer within ${req.timeoutMs} ms`, { status: 0 })), req.timeoutMs);
      timer.unref?.();
      r.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) fail(new PlatformError(`${where} answered more than ${maxBytes} bytes`, { status: res.statusCode ?? 0 }));
          else chunks.push(c);
        });
        res.on("end", () => {
          if (settled) return;
          try {
            const body = decode(Buffer.concat(chunks), res.headers["content-encoding"], maxBytes).toString("utf8");
            settled = true;
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
          } catch (err) {
            fail(new PlatformError(`${where} sent a body that could not be decoded`, { status: res.statusCode ?? 0, cause: err }));
          }
        });
        res.on("error", (err) => fail(toPlatformError(err, where)));
      });
      r.on("error", (err) => {
        // A keep-alive socket the server closed while this container was frozen.
        if (!settled && r.reusedSocket && isResetLike(err)) fail(new StaleSocketError());
        else fail(toPlatformError(err, where));
      });
      r.end(req.body);
    });
  }
}

class StaleSocketError extends Error {}

function isResetLike(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === "ECONNRESET" || code === "EPIPE" || code === "ECONNABORTED";
}

function toPlatformError(err: unknown, where: string): PlatformError {
  if (err instanceof PlatformError) return err;
  const code = (err as { code?: unknown }).code;
  return new PlatformError(`${where} is unreachable${typeof code === "string" ? ` (${code})` : ""}`, { status: 0, cause: err });
}

function decode(body: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const opts = { maxOutputLength: maxBytes };
  switch ((encoding ?? "identity").trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return zlib().gunzipSync(body, opts);
    case "deflate":
      return zlib().inflateSync(body, opts);
    case "br":
      return zlib().brotliDecompressSync(body, opts);
    default:
      return body;
  }
}
