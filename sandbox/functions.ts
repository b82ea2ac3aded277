import { fork, type ChildProcess } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetFunctionConfigurationCommand, type FunctionConfiguration } from "@aws-sdk/client-lambda";
import { GetObjectCommand, HeadObjectCommand, ListBucketsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { unzipSync } from "fflate";
import type { AwsClients } from "./aws";
import type { Invocation } from "./authorizer-result";

/**
 * Runs Lambda functions as the emulator describes them: the function's own zip — found in S3 by
 * the function's CodeSha256 and verified — with the function's own environment, in a warm child
 * process per function (a new "container" when code or environment change).
 */
export interface FunctionRuntimeOptions {
  aws: AwsClients;
  awsEndpoint: string;
  region: string;
  /** Where the runtime resolves `@aws-sdk/*`, as the Lambda runtime provides them. */
  nodePath: string;
  log: (line: string) => void;
}

interface Container {
  key: string;
  child: ChildProcess;
  ready: Promise<void>;
  queue: Promise<unknown>;
  pending: Map<string, (inv: Invocation) => void>;
  logs: string[];
}

const CONFIG_TTL_MS = 1000;
const MAX_LOG_LINES = 500;

export class FunctionRuntime {
  private configs = new Map<string, { at: number; config: FunctionConfiguration }>();
  private containers = new Map<string, Container>();
  private codeDirs = new Map<string, string>();
  private recentLogs = new Map<string, string[]>();

  constructor(private readonly opts: FunctionRuntimeOptions) {}

  private async configuration(functionArn: string): Promise<FunctionConfiguration> {
    const cached = this.configs.get(functionArn);
    if (cached && Date.now() - cached.at < CONFIG_TTL_MS) return cached.config;
    const config = await this.opts.aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }));
    this.configs.set(functionArn, { at: Date.now(), config });
    return config;
  }

  /** The zip whose SHA-256 is the function's CodeSha256, unpacked once per content hash. */
  private async codeDir(config: FunctionConfiguration): Promise<string> {
    const shaB64 = config.CodeSha256 ?? "";
    const hex = Buffer.from(shaB64, "base64").toString("hex");
    const existing = this.codeDirs.get(hex);
    if (existing) return existing;
    const zip = await this.findZip(hex);
    if (!zip) throw new Error(`code of ${config.FunctionName} (sha256 ${hex}) not found in any S3 bucket of the emulator`);
    const dir = path.join(os.tmpdir(), "gatehouse-sandbox", hex);
    mkdirSync(dir, { recursive: true });
    for (const [name, bytes] of Object.entries(unzipSync(zip))) {
      if (name.endsWith("/")) continue;
      const target = path.join(dir, name);
      if (!target.startsWith(dir + path.sep)) throw new Error(`zip entry escapes its folder: ${name}`);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, bytes);
    }
    this.codeDirs.set(hex, dir);
    return dir;
  }

  private async findZip(hex: string): Promise<Uint8Array | null> {
    const { s3 } = this.opts.aws;
    const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
    const verify = async (bucket: string, key: string) => {
      const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = await obj.Body!.transformToByteArray();
      return createHash("sha256").update(bytes).digest("hex") === hex ? bytes : null;
    };
    // The stack stores the zip under a content-addressed key; look there first.
    for (const b of buckets) {
      const key = `authorizer/${hex}.zip`;
      try {
        await s3.send(new HeadObjectCommand({ Bucket: b.Name!, Key: key }));
        const bytes = await verify(b.Name!, key);
        if (bytes) return bytes;
      } catch {
        /* not in this bucket */
      }
    }
    // Otherwise any .zip whose content has that hash (bounded scan).
    let scanned = 0;
    for (const b of buckets) {
      const list = await s3.send(new ListObjectsV2Command({ Bucket: b.Name!, MaxKeys: 1000 }));
      for (const o of list.Contents ?? []) {
        if (!o.Key?.endsWith(".zip") || ++scanned > 200) continue;
        const bytes = await verify(b.Name!, o.Key);
        if (bytes) return bytes;
      }
    }
    return null;
  }

  private containerKey(config: FunctionConfiguration): string {
    return createHash("sha256")
      .update(JSON.stringify([config.FunctionArn, config.CodeSha256, config.Handler, config.Environment?.Variables ?? {}]))
      .digest("hex");
  }

  private async container(functionArn: string): Promise<{ container: Container; config: FunctionConfiguration }> {
    const config = await this.configuration(functionArn);
    const key = this.containerKey(config);
    const current = this.containers.get(functionArn);
    if (current?.key === key && current.child.exitCode === null) return { container: current, config };
    if (current) current.child.kill("SIGKILL");
    const dir = await this.codeDir(config);
    const name = config.FunctionName ?? "function";
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      NODE_PATH: this.opts.nodePath,
      LAMBDA_TASK_ROOT: dir,
      _HANDLER: config.Handler ?? "index.handler",
      AWS_REGION: this.opts.region,
      AWS_DEFAULT_REGION: this.opts.region,
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.MemorySize ?? 128),
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "test",
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "test",
      AWS_SESSION_TOKEN: process.env.AWS_SESSION_TOKEN ?? "test",
      // The function's AWS calls (discovery, attaching) go to the same emulator.
      AWS_ENDPOINT_URL: this.opts.awsEndpoint,
      ...(config.Environment?.Variables ?? {}),
    };
    const child = fork(path.join(process.cwd(), "sandbox", "runtime", "bootstrap.cjs"), [], {
      env: env as NodeJS.ProcessEnv,
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      execArgv: [],
    });
    const logs = this.recentLogs.get(name) ?? [];
    this.recentLogs.set(name, logs);
    const onOutput = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (!line.trim()) continue;
        logs.push(line);
        if (logs.length > MAX_LOG_LINES) logs.shift();
        this.opts.log(`[${name}] ${line}`);
      }
    };
    child.stdout?.on("data", onOutput);
    child.stderr?.on("data", onOutput);
    const pending = new Map<string, (inv: Invocation) => void>();
    const ready = new Promise<void>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`runtime of ${name} exited (${code}) before it was ready`)));
      child.on("message", (msg: { type?: string; id?: string; ok?: boolean; result?: unknown; errorMessage?: string; errorType?: string }) => {
        if (msg.type === "ready") resolve();
        if (msg.type === "result" && msg.id) {
          pending.get(msg.id)?.(
            msg.ok ? { ok: true, result: msg.result } : { ok: false, errorMessage: msg.errorMessage ?? "error", errorType: msg.errorType },
          );
          pending.delete(msg.id);
        }
      });
    });
    child.on("exit", () => {
      for (const resolve of pending.values()) resolve({ ok: false, errorMessage: "Runtime exited" });
      pending.clear();
    });
    const container: Container = { key, child, ready, queue: Promise.resolve(), pending, logs };
    this.containers.set(functionArn, container);
    return { container, config };
  }

  /** The function's ARN for a name, partial or full ARN (as Lambda's Invoke accepts them). */
  async resolve(nameOrArn: string): Promise<string> {
    const config = await this.configuration(nameOrArn);
    if (!config.FunctionArn) throw new Error(`function ${nameOrArn} has no ARN`);
    return config.FunctionArn;
  }

  /** Invokes like Lambda: one invocation at a time per container, bounded by the function's timeout. */
  async invoke(functionArn: string, event: unknown): Promise<Invocation> {
    let prepared: { container: Container; config: FunctionConfiguration };
    try {
      prepared = await this.container(functionArn);
    } catch (err) {
      return { ok: false, errorMessage: `sandbox could not start ${functionArn}: ${(err as Error).message}` };
    }
    const { container, config } = prepared;
    const timeoutMs = Math.min((config.Timeout ?? 3) * 1000, 30_000);
    const run = async (): Promise<Invocation> => {
      await container.ready;
      const id = randomUUID();
      return new Promise<Invocation>((resolve) => {
        const timer = setTimeout(() => {
          container.pending.delete(id);
          container.child.kill("SIGKILL"); // a timed-out Lambda's container is discarded
          resolve({ ok: false, errorMessage: `Task timed out after ${timeoutMs / 1000} seconds` });
        }, timeoutMs);
        container.pending.set(id, (inv) => {
          clearTimeout(timer);
          resolve(inv);
        });
        container.child.send({ type: "invoke", id, event, timeoutMs, functionArn: config.FunctionArn });
      });
    };
    const result = container.queue.then(run, run);
    container.queue = result.catch(() => undefined);
    return result.catch((err: unknown) => ({ ok: false, errorMessage: (err as Error).message }));
  }

  logsOf(functionName: string): string[] {
    return [...(this.recentLogs.get(functionName) ?? [])];
  }

  stop(): void {
    for (const c of this.containers.values()) c.child.kill("SIGKILL");
    this.containers.clear();
  }
}
