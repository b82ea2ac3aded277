import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, rmdirSync, writeFileSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./moto/start";

/**
 * The console as `npm start` serves it (scripts/start.mjs → scripts/serve.mjs), on a free port,
 * for tests of what only the real server does: pages, proxy.ts, next-auth's endpoints, redirects.
 * It builds first when the sources changed since the last build, like `npm start`; a lock keeps
 * the PGlite and PostgreSQL projects from building into one folder at once. The console gets a
 * fresh data folder, and the test's DATABASE_URL when it has one (then both share the database).
 */
const ROOT = process.cwd();
const LOCK = path.join(ROOT, `${process.env.NEXT_DIST_DIR ?? ".next"}-build.lock`);
const BUILD_TIMEOUT_MS = 10 * 60_000;

export interface RunningConsole {
  base: string;
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(path.join(LOCK, "pid"), String(process.pid));
      break;
    } catch {
      let holder = 0;
      try {
        holder = Number(readFileSync(path.join(LOCK, "pid"), "utf8"));
      } catch {
        /* being created or removed */
      }
      if (holder && !alive(holder)) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`the build lock ${LOCK} stayed taken`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(path.join(LOCK, "pid"), { force: true });
    rmdirSync(LOCK);
  }
}

async function waitUntilUp(base: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the console exited with code ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the console did not start:\n${output()}`);
}

export async function startRunningConsole(env: Record<string, string> = {}): Promise<RunningConsole> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-served-"));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", NEXTAUTH_URL: base, GATEHOUSE_DATA_DIR: dataDir, ...env };
  delete childEnv.GATEHOUSE_BASE_URL;
  let output = "";
  const child = await withBuildLock(async () => {
    const started = spawn(process.execPath, [path.join(ROOT, "scripts", "start.mjs")], { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"], detached: false });
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
    started.stdout.on("data", keep);
    started.stderr.on("data", keep);
    await waitUntilUp(base, started, () => output).catch((err: unknown) => {
      started.kill("SIGKILL");
      throw err;
    });
    return started;
  });
  return {
    base,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once("exit", done);
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

/** A cookie jar of one client: what the console set, sent back on the next request. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

/**
 * Signs in through next-auth's credentials endpoint as the sign-in form does. Answers where
 * next-auth sends the browser (its `url`), and fills `jar` with the session cookie on success.
 */
export async function signInOverHttp(
  base: string,
  jar: CookieJar,
  creds: { username: string; password: string; callbackUrl?: string },
  headers: Record<string, string> = {},
): Promise<{ status: number; url: string }> {
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: jar.header(), ...headers } });
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), ...headers },
    body: new URLSearchParams({ csrfToken, username: creds.username, password: creds.password, json: "true", ...(creds.callbackUrl ? { callbackUrl: creds.callbackUrl } : {}) }),
  });
  jar.take(res);
  const body = (await res.json()) as { url: string };
  return { status: res.status, url: body.url };
}
