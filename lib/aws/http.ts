import "server-only";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/**
 * How long the console waits for AWS. Without limits an endpoint that accepts the connection but
 * never answers (a dead proxy, a hung emulator, a black-holed route) keeps a page on "Checking…"
 * forever; with them the call fails with a TimeoutError that lib/aws/errors turns into "AWS did
 * not answer within 10 s (endpoint)".
 */
export interface AwsTimeouts {
  /** Establishing the TCP (and TLS) connection. */
  connectionMs: number;
  /** From sending the request to AWS's response headers. */
  requestMs: number;
}

export const AWS_TIMEOUTS: AwsTimeouts = { connectionMs: 3_000, requestMs: 10_000 };

/**
 * Lambda Invoke (RequestResponse) waits for the function itself, which may run for its whole
 * Timeout (10 s in infra/authorizer.yaml) plus a cold start: it gets that much more time.
 */
export const LAMBDA_TIMEOUTS: AwsTimeouts = { connectionMs: 3_000, requestMs: 30_000 };

export function awsRequestHandler(timeouts: AwsTimeouts = AWS_TIMEOUTS): NodeHttpHandler {
  return new NodeHttpHandler({
    connectionTimeout: timeouts.connectionMs,
    requestTimeout: timeouts.requestMs,
    // Without it the SDK only logs a warning when requestTimeout passes, and keeps waiting.
    throwOnRequestTimeout: true,
  });
}

interface EndpointAware {
  middlewareStack: { add: (middleware: never, options: { step: "build"; name: string }) => void };
}

type Next = (args: { request?: unknown }) => Promise<unknown>;

/** `https://host[:port]` of a serialized request, as the error message should name it. */
function endpointOf(request: unknown): string | null {
  const r = request as { protocol?: string; hostname?: string; port?: number } | undefined;
  if (!r?.hostname) return null;
  return `${r.protocol ?? "https:"}//${r.hostname}${r.port ? `:${r.port}` : ""}`;
}

/**
 * Stamps the endpoint a failed call went to on its error (`$endpoint`), so a timeout or a refused
 * connection can say where the console tried to reach AWS (the SDK's errors do not).
 */
export function nameEndpointOnErrors<T extends EndpointAware>(client: T): T {
  const middleware = (next: Next) => async (args: { request?: unknown }) => {
    try {
      return await next(args);
    } catch (err) {
      const endpoint = endpointOf(args.request);
      if (endpoint && err && typeof err === "object" && !("$endpoint" in err)) Object.assign(err, { $endpoint: endpoint });
      throw err;
    }
  };
  client.middlewareStack.add(middleware as never, { step: "build", name: "gatehouseEndpointOnErrors" });
  return client;
}
