import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "@/protocol/clock";

/**
 * A local stand-in for API Gateway's control plane that enforces AWS's quotas per account and
 * region: CreateDeployment at most once per 5 s, every other call 10 per second with a burst of
 * 40; beyond them it answers 429 TooManyRequestsException with `Retry-After` (retryAfterSeconds),
 * as AWS does. Time is the given clock's, so a scaled clock runs minutes of AWS time in seconds.
 */
export interface StandIn {
  endpoint: string;
  deployments: { restApiId: string; stage: string; at: number }[];
  throttled: { createDeployment: number; other: number };
  stop: () => Promise<void>;
}

const DEPLOY_INTERVAL_MS = 5000;
const RATE = 10;
const BURST = 40;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function tooMany(res: ServerResponse, retryAfterSeconds: number): void {
  send(res, 429, { message: "Too Many Requests" }, { "x-amzn-errortype": "TooManyRequestsException", "retry-after": String(retryAfterSeconds) });
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startStandIn(clock: Clock): Promise<StandIn> {
  let lastDeployAt = -Infinity;
  let tokens = BURST;
  let tokensAt = clock.now();
  const state: Omit<StandIn, "endpoint" | "stop"> = { deployments: [], throttled: { createDeployment: 0, other: 0 } };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://standin");
      const now = clock.now();
      const deploy = /^\/restapis\/([^/]+)\/deployments$/.exec(url.pathname);
      if (req.method === "POST" && deploy) {
        const input = await body(req);
        const wait = lastDeployAt + DEPLOY_INTERVAL_MS - now;
        if (wait > 0) {
          state.throttled.createDeployment++;
          return tooMany(res, Math.ceil(wait / 1000));
        }
        lastDeployAt = now;
        const id = Math.random().toString(36).slice(2, 8);
        state.deployments.push({ restApiId: deploy[1]!, stage: String(input.stageName), at: now });
        return send(res, 201, { id, description: input.description, createdDate: Math.floor(now / 1000) });
      }
      tokens = Math.min(BURST, tokens + ((now - tokensAt) / 1000) * RATE);
      tokensAt = now;
      if (tokens < 1) {
        state.throttled.other++;
        return tooMany(res, 1);
      }
      tokens -= 1;
      const stage = /^\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(url.pathname);
      if (req.method === "GET" && stage) return send(res, 200, { stageName: decodeURIComponent(stage[2]!), deploymentId: "d0" });
      const list = /^\/restapis\/([^/]+)\/deployments$/.exec(url.pathname);
      if (req.method === "GET" && list) return send(res, 200, { item: [] });
      return send(res, 404, { message: `No route for ${req.method} ${url.pathname}` }, { "x-amzn-errortype": "NotFoundException" });
    })().catch((err: unknown) => send(res, 500, { message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    ...state,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
