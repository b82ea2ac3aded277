import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { buildAuthorizerZip } from "../scripts/authorizer-package.mjs";
import { freePort } from "./moto/start";

/**
 * A third-party API Gateway emulator for tests: serverless-offline 13 on serverless 3 (4 downloads
 * a binary of its own at start, which cannot work offline). Both are installed from the npm
 * registry on first use into a cache directory outside the project and its lockfile
 * (`$TMPDIR/gatehouse-sls-<serverless>-<offline>`), reused while complete: they are test tools
 * the product never loads, and serverless 3 alone brings ~600 packages. A failed install throws
 * (the test fails loudly); GATEHOUSE_SKIP_EMULATOR_TESTS=1 skips the tests that need it instead.
 *
 * A service runs `serverless offline start` in a directory inside that cache (so the plugin
 * resolves from its node_modules), bound to 127.0.0.1 on free ports, with an environment made
 * from scratch (serverless-offline copies every AWS_* variable of its own into the functions).
 */
export const SERVERLESS_VERSION = "3.40.0";
export const SERVERLESS_OFFLINE_VERSION = "13.9.0";
export const SKIP_EMULATOR_TESTS = process.env.GATEHOUSE_SKIP_EMULATOR_TESTS === "1";

const COMPLETE = ".gatehouse-complete";
const INSTALL_TIMEOUT_MS = 5 * 60_000;

export function serverlessOfflineDir(): string {
  return path.join(os.tmpdir(), `gatehouse-sls-${SERVERLESS_VERSION}-${SERVERLESS_OFFLINE_VERSION}`);
}

const installed = (dir: string) => existsSync(path.join(dir, COMPLETE));

/** npm's own settings (registry, cache, TLS) pass through; those `npm run` sets for the project do not. */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_registry", "npm_config_cache", "npm_config_userconfig", "npm_config_globalconfig", "npm_config_cafile", "npm_config_strict_ssl"]);
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_") || keep.has(k.toLowerCase()))) as NodeJS.ProcessEnv;
}

function npm(args: string[], cwd: string): Promise<{ status: number | null; why: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", args, { cwd, env: npmEnv(), stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString("utf8")).slice(-6000);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), INSTALL_TIMEOUT_MS);
    child.once("error", (err) => {
      clearTimeout(timer);
      resolve({ status: null, why: err.message, stderr });
    });
    child.once("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ status, why: signal ? `killed by ${signal} (timeout ${INSTALL_TIMEOUT_MS / 1000} s?)` : `npm exited with ${status}`, stderr });
    });
  });
}

/**
 * Installs both packages into the cache directory unless a complete install is there. Installs
 * into a fresh sibling directory and renames it into place, so a concurrent run (the PGlite and
 * PostgreSQL projects) never sees half an install.
 */
export async function installServerlessOffline(): Promise<string> {
  const dir = serverlessOfflineDir();
  if (installed(dir)) return dir;
  const tmp = mkdtempSync(`${dir}.installing-`);
  try {
    writeFileSync(path.join(tmp, "package.json"), JSON.stringify({ name: "gatehouse-serverless-offline", private: true }));
    const args = ["install", "--prefix", tmp, "--no-audit", "--no-fund", "--save-exact", "--loglevel=error", `serverless@${SERVERLESS_VERSION}`, `serverless-offline@${SERVERLESS_OFFLINE_VERSION}`];
    const run = await npm(args, tmp);
    if (run.status !== 0) {
      throw new Error(`could not install serverless@${SERVERLESS_VERSION} and serverless-offline@${SERVERLESS_OFFLINE_VERSION} from the npm registry (${run.why}); set GATEHOUSE_SKIP_EMULATOR_TESTS=1 to skip the emulator tests\n${run.stderr.slice(-3000)}`);
    }
    const offline = JSON.parse(readFileSync(path.join(tmp, "node_modules", "serverless-offline", "package.json"), "utf8")) as { version: string };
    if (offline.version !== SERVERLESS_OFFLINE_VERSION || !existsSync(path.join(tmp, "node_modules", "serverless", "bin", "serverless.js"))) {
      throw new Error(`the install in ${tmp} is not serverless-offline ${SERVERLESS_OFFLINE_VERSION} on serverless ${SERVERLESS_VERSION}`);
    }
    writeFileSync(path.join(tmp, COMPLETE), `${SERVERLESS_VERSION} ${SERVERLESS_OFFLINE_VERSION}\n`);
    try {
      if (existsSync(dir) && !installed(dir)) rmSync(dir, { recursive: true, force: true }); // an incomplete leftover
      renameSync(tmp, dir);
    } catch (err) {
      if (!installed(dir)) throw err; // otherwise a concurrent run won the rename: use its install
    }
    return dir;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface OfflineService {
  /** `http://127.0.0.1:<port>`: routes without the stage prefix (`--noPrependStageInUrl`). */
  url: string;
  /** Everything serverless-offline and the functions wrote to stdout and stderr so far, by line. */
  output(): string[];
  stop(): Promise<void>;
}

export interface OfflineServiceOptions {
  /** serverless.yml as an object (written as YAML). */
  config: Record<string, unknown>;
  /** Files of the service directory, by relative path. */
  files: Record<string, string | Uint8Array>;
  /** The only environment serverless sees besides PATH (for `${env:…}` in the configuration). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export async function startServerlessOffline(opts: OfflineServiceOptions): Promise<OfflineService> {
  const installDir = await installServerlessOffline();
  const serviceDir = mkdtempSync(path.join(installDir, "service-"));
  const home = path.join(serviceDir, ".home"); // serverless writes its settings under HOME
  mkdirSync(home);
  writeFileSync(path.join(serviceDir, "serverless.yml"), stringify(opts.config));
  for (const [name, content] of Object.entries(opts.files)) {
    mkdirSync(path.dirname(path.join(serviceDir, name)), { recursive: true });
    writeFileSync(path.join(serviceDir, name), content);
  }
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  const bin = path.join(installDir, "node_modules", "serverless", "bin", "serverless.js");
  const args = [bin, "offline", "start", "--host", "127.0.0.1", "--httpPort", String(httpPort), "--lambdaPort", String(lambdaPort), "--noPrependStageInUrl"];
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "test",
    PATH: process.env.PATH ?? "",
    HOME: home,
    SLS_TELEMETRY_DISABLED: "1",
    SLS_NOTIFICATIONS_MODE: "off",
    SLS_INTERACTIVE_SETUP_DISABLE: "1",
    CI: "true",
    ...opts.env,
  };
  const child = spawn(process.execPath, args, { cwd: serviceDir, env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let partial = "";
  const collect = (d: Buffer) => {
    const parts = (partial + d.toString("utf8")).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${httpPort}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(serviceDir, { recursive: true, force: true });
  };
  // serverless-offline prints `Server ready: <url> 🚀` once its HTTP server listens.
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  while (!lines.some((l) => l.includes(`Server ready: ${url}`))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`serverless offline ${child.exitCode !== null ? `exited (${child.exitCode})` : "was not ready in time"}:\n${[...lines, partial].join("\n").slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, output: () => [...lines], stop };
}

export interface AuthorizedServiceOptions {
  /** The serverless service's name and stage. */
  service: string;
  stage: string;
  /** The source of `backend.js`, whose `handler` answers every route. */
  backend: string;
  /** The backend's GET routes (serverless `http` paths), each behind the authorizer. */
  routes: string[];
  /** Where the authorizer signs in and fetches its configuration: the console or a stand-in. */
  platform: { issuerUrl: string; clientId: string; clientSecret: string };
  /** More of the authorizer's environment (LOGGING_LEVEL is debug). */
  authorizerEnv?: Record<string, string>;
}

/**
 * The built authorizer zip (`package.artifact`, as the stack deploys it) as the REQUEST authorizer
 * `index.handler` of every route of a backend function. Type request + TTL 0 + no identity source:
 * serverless-offline calls the authorizer for every request, with or without an Authorization
 * header (with one, it answers 401 by itself). The client secret reaches the function through
 * serverless' environment, never a file.
 */
export async function startAuthorizedService(opts: AuthorizedServiceOptions): Promise<OfflineService> {
  const { zip } = await buildAuthorizerZip();
  const authorizer = { name: "gatehouse", type: "request", resultTtlInSeconds: 0 };
  const route = (path: string) => ({ http: { path, method: "get", authorizer } });
  return startServerlessOffline({
    config: {
      service: opts.service,
      frameworkVersion: "3",
      configValidationMode: "error",
      provider: { name: "aws", runtime: "nodejs20.x", region: "us-east-1", stage: opts.stage, timeout: 10 },
      plugins: ["serverless-offline"],
      functions: {
        gatehouse: {
          handler: "index.handler",
          package: { artifact: "authorizer.zip" },
          environment: {
            ACP_ISSUER_URL: "${env:ACP_ISSUER_URL}",
            ACP_CLIENT_ID: "${env:ACP_CLIENT_ID}",
            ACP_CLIENT_SECRET: "${env:ACP_CLIENT_SECRET}",
            ...opts.authorizerEnv,
            LOGGING_LEVEL: "debug",
          },
        },
        backend: { handler: "backend.handler", events: opts.routes.map(route) },
      },
    },
    files: { "authorizer.zip": zip, "backend.js": opts.backend },
    env: { ACP_ISSUER_URL: opts.platform.issuerUrl, ACP_CLIENT_ID: opts.platform.clientId, ACP_CLIENT_SECRET: opts.platform.clientSecret },
  });
}
