import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

/**
 * Starts the AWS emulator for a test: moto_server plus the API Gateway and Lambda behaviours moto
 * lacks (UpdateMethod, list paging, deployment snapshots, FlushStageAuthorizersCache, Invoke through
 * the sandbox) — see gatehouse_moto_server.py. Returns its endpoint and a stop().
 */
export interface Moto {
  endpoint: string;
  port: number;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`moto did not start within ${timeoutMs} ms`);
}

export interface StartMotoOptions {
  port?: number;
  timeoutMs?: number;
  /**
   * The sandbox (sandbox/server.ts) that runs functions for Lambda's Invoke
   * (GATEHOUSE_SANDBOX_URL of the emulator). Without it Invoke answers 500.
   */
  sandboxUrl?: string;
}

export async function startMoto(opts: StartMotoOptions = {}): Promise<Moto> {
  const port = opts.port ?? (await freePort());
  const script = path.join(process.cwd(), "test", "moto", "gatehouse_moto_server.py");
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.GATEHOUSE_SANDBOX_URL; // only the one given here, never one meant for the console
  if (opts.sandboxUrl) env.GATEHOUSE_SANDBOX_URL = opts.sandboxUrl;
  const child = spawn("python3", [script, "-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"], env });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(endpoint, child, opts.timeoutMs ?? 30_000);
  } catch (err) {
    child.kill("SIGKILL");
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    endpoint,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}

/** Environment for AWS SDK clients (and child processes) that must talk to the emulator only. */
export function motoEnv(endpoint: string, region = "us-east-1"): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_SESSION_TOKEN: "test",
  };
}
