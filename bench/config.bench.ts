/**
 * `npm run bench:config`: what one console process serves to polling authorizers.
 *
 * Seeds a gateway whose configuration has 1,000 APIs (10 bound groups × 100, 10 policies), starts
 * the built console (`npm start`: it builds first when the build is missing or stale) and, in one
 * run, measures with keep-alive HTTP clients at concurrency 10 and 50:
 *   - the floor: a trivial route of the same server (`/api/health/live`, no database);
 *   - `GET …/gateways/configuration` with the held ETag (304) and without (200, gzip accepted,
 *     as authorizers send it);
 *   - a bare node:http server answering the same bytes (304 / the gzip body): what the machine
 *     does without Next.js, for scale.
 * On PGlite, and again on PostgreSQL when TEST_DATABASE_URL names a server (a fresh database).
 * The closing lines are PGlite's at concurrency 10 (the smallest of the two engines' figures
 * when both ran):
 *   config 304 ÷ route floor, config 200 ÷ route floor, authorizers per console process at 5 s
 *   reload (= 304 answers per second × 5). Aims: ≥ 0.5, ≥ 0.25, ≥ 5,000.
 * BENCH_SECONDS (default 4) per measurement, after a 1 s warm-up.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createPostgresDatabase } from "../test/postgres-database";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONCURRENCY = [10, 50];
const GROUPS = 10;
const APIS_PER_GROUP = 100;
const root = path.resolve(import.meta.dirname, "..");

const secretKey = randomBytes(32).toString("base64");
const baseEnv = {
  GATEHOUSE_SECRET_KEY: secretKey,
  NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
  ADMIN_PASSWORD: "bench-admin-password",
};

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** `concurrency` loops on keep-alive sockets, each sending the next request when the last ends. */
async function load(url: string, headers: Record<string, string>, expectStatus: number, concurrency: number): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let stop = false;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.get(url, { agent, headers }, (res) => {
        res.on("data", () => {});
        res.on("end", () => {
          if (measuring) {
            latencies.push(performance.now() - started);
            if (res.statusCode !== expectStatus) errors += 1;
          }
          resolve();
        });
      });
      req.on("error", () => {
        if (measuring) errors += 1;
        resolve();
      });
    });
  const loops = Array.from({ length: concurrency }, async () => {
    while (!stop) await one();
  });
  await new Promise((r) => setTimeout(r, 1000));
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(loops);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Seeds through the console's own code (no server yet: PGlite allows one process per folder). */
async function seed(env: Record<string, string | undefined>): Promise<{ clientId: string; clientSecret: string }> {
  Object.assign(process.env, env);
  if (!env.DATABASE_URL) delete process.env.DATABASE_URL;
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  const { getDb, closeDb } = await import("@/lib/db/client");
  const { createGateway } = await import("@/lib/gateways/gateways");
  const { applyDiscoveredGroups } = await import("@/lib/gateways/discovery");
  const { createPolicy } = await import("@/lib/policies/service");
  const { assignPolicyBulk } = await import("@/lib/enforcement/assign");
  const { apis } = await import("@/lib/db/schema");
  const db = await getDb();
  const actor = { userId: null, username: "bench" };
  const gw = await createGateway(db, actor, { name: `bench-${randomBytes(3).toString("hex")}`, type: "aws", create_and_bind_services_automatically: true, region: "us-east-1" } as never);
  await applyDiscoveredGroups(db, gw.id, {
    api_groups: Array.from({ length: GROUPS }, (_, g) => ({
      id: `benchapi${String(g).padStart(2, "0")}-prod`,
      name: `Bench API ${g} (prod)`,
      metadata: { type: "aws", aws: { api_id: `benchapi${String(g).padStart(2, "0")}`, api_name: `Bench API ${g}`, stage: "prod" } },
      apis: Array.from({ length: APIS_PER_GROUP }, (_, i) => ({ method: ["GET", "POST", "PUT", "DELETE"][i % 4]!, path: `/resource-${Math.floor(i / 4)}/{id}/items`, api_type: "rest" })),
    })),
  } as never);
  const policyIds: string[] = [];
  for (let p = 0; p < 10; p++) {
    const policy = await createPolicy(db, actor, {
      policy_name: `bench-policy-${p}`,
      validators: [
        { name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: `orders.read.${p}` }] } },
        { name: "header", conf: { fields: [{ field: "x-tenant", comparator: "equals", value: `tenant-${p}` }] } },
      ],
    });
    policyIds.push(policy.id);
  }
  const rows = await db.select({ id: apis.id }).from(apis);
  for (let p = 0; p < policyIds.length; p++) {
    const ids = rows.filter((_, i) => i % policyIds.length === p).map((r) => r.id);
    for (let i = 0; i < ids.length; i += 500) await assignPolicyBulk(db, actor, { api_ids: ids.slice(i, i + 500), policy_id: policyIds[p]! });
  }
  await closeDb();
  return { clientId: gw.client.client_id, clientSecret: gw.client.client_secret };
}

async function startConsole(env: Record<string, string | undefined>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", NEXTAUTH_URL: `http://127.0.0.1:${port}`, GATEHOUSE_BASE_URL: `http://127.0.0.1:${port}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 10 * 60_000; // a first build may run first
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the console exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) return child;
    if (Date.now() > deadline) throw new Error("the console did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** A bare node:http server in its own process, answering the captured bytes (304 when the ETag matches). */
async function startBare(bodyFile: string, etag: string, port: number): Promise<ChildProcess> {
  const script = `
    const http = require("node:http"); const body = require("node:fs").readFileSync(${JSON.stringify(bodyFile)});
    http.createServer((req, res) => {
      if (req.url === "/live") { res.writeHead(200, {"content-type": "application/json"}); return res.end('{"status":"ok"}'); }
      const h = {"etag": ${JSON.stringify(etag)}, "cache-control": "private, no-cache", "vary": "Accept-Encoding"};
      if (req.headers["if-none-match"] === ${JSON.stringify(etag)}) { res.writeHead(304, h); return res.end(); }
      res.writeHead(200, {...h, "content-type": "application/json", "content-encoding": "gzip"}); res.end(body);
    }).listen(${port}, "127.0.0.1", () => console.log("ready"));`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  return child;
}

interface EngineRun {
  engine: string;
  bytes: { identity: number; gzip: number };
  rows: Record<string, Record<number, Result>>;
}

async function runEngine(engine: "pglite" | "postgres", databaseUrl?: string): Promise<EngineRun> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `gatehouse-bench-config-${engine}-`));
  const env = { ...baseEnv, GATEHOUSE_DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
  const { clientId, clientSecret } = await seed(env);
  const port = await freePort();
  const server = await startConsole(env, port);
  const base = `http://127.0.0.1:${port}`;
  let bare: ChildProcess | undefined;
  try {
    const tokenRes = await fetch(`${base}/default/system/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const configUrl = `${base}/api/system/default/gateways/configuration?authorizer_version=bench`;
    const auth = { authorization: `Bearer ${token}`, "accept-encoding": "gzip" };
    const identity = await fetch(configUrl, { headers: { authorization: `Bearer ${token}`, "accept-encoding": "identity" } });
    const identityBytes = (await identity.arrayBuffer()).byteLength;
    const apis = (JSON.parse(Buffer.from(await (await fetch(configUrl, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()).toString()) as { apis: unknown[] }).apis.length;
    if (apis !== GROUPS * APIS_PER_GROUP) throw new Error(`the configuration has ${apis} APIs, not ${GROUPS * APIS_PER_GROUP}`);
    const gz = await new Promise<{ etag: string; body: Buffer }>((resolve, reject) => {
      http.get(configUrl, { headers: auth }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => (res.headers["content-encoding"] === "gzip" ? resolve({ etag: String(res.headers.etag), body: Buffer.concat(chunks) }) : reject(new Error("no gzip answer"))));
      });
    });
    const bodyFile = path.join(dataDir, "config.json.gz");
    writeFileSync(bodyFile, gz.body);
    const barePort = await freePort();
    bare = await startBare(bodyFile, gz.etag, barePort);
    const bareBase = `http://127.0.0.1:${barePort}`;

    const rows: EngineRun["rows"] = { floor: {}, "config 304": {}, "config 200": {}, "bare 304": {}, "bare 200": {} };
    for (const c of CONCURRENCY) {
      rows.floor![c] = await load(`${base}/api/health/live`, {}, 200, c);
      rows["config 304"]![c] = await load(configUrl, { ...auth, "if-none-match": gz.etag }, 304, c);
      rows["config 200"]![c] = await load(configUrl, auth, 200, c);
      rows["bare 304"]![c] = await load(`${bareBase}/`, { ...auth, "if-none-match": gz.etag }, 304, c);
      rows["bare 200"]![c] = await load(`${bareBase}/`, auth, 200, c);
    }
    return { engine, bytes: { identity: identityBytes, gzip: gz.body.length }, rows };
  } finally {
    if (bare) await stopProcess(bare);
    await stopProcess(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function withPostgresDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const database = await createPostgresDatabase(serverUrl, "gatehouse_bench");
  try {
    return await fn(database.url);
  } finally {
    await database.drop();
  }
}

function print(run: EngineRun): void {
  console.log(`\n${run.engine}: configuration of ${GROUPS * APIS_PER_GROUP} APIs, ${(run.bytes.identity / 1024).toFixed(0)} KB (${(run.bytes.gzip / 1024).toFixed(1)} KB gzip)`);
  for (const [name, byConcurrency] of Object.entries(run.rows)) {
    for (const c of CONCURRENCY) {
      const r = byConcurrency[c]!;
      const ratio = name.startsWith("config") ? `   ÷ floor ${(r.rps / run.rows.floor![c]!.rps).toFixed(2)}` : "";
      console.log(
        `  ${name.padEnd(11)} c=${String(c).padEnd(3)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   errors ${r.errors}${ratio}`,
      );
    }
  }
}

async function main(): Promise<void> {
  const runs = [await runEngine("pglite")];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) runs.push(await withPostgresDatabase(serverUrl, (url) => runEngine("postgres", url)));
  for (const run of runs) print(run);
  const errors = runs.flatMap((r) => Object.values(r.rows).flatMap((byC) => Object.values(byC).map((x) => x.errors))).reduce((a, b) => a + b, 0);
  const ratio = (name: string) => Math.min(...runs.map((r) => r.rows[name]![10]!.rps / r.rows.floor![10]!.rps));
  const polls = Math.min(...runs.map((r) => r.rows["config 304"]![10]!.rps));
  console.log(`\n(closing figures: concurrency 10, ${runs.map((r) => r.engine).join(" and ")}${runs.length > 1 ? ", the smaller" : ""}; answers with a wrong status: ${errors})`);
  console.log(`config 304 ÷ route floor  ${ratio("config 304").toFixed(2)}`);
  console.log(`config 200 ÷ route floor  ${ratio("config 200").toFixed(2)}`);
  console.log(`authorizers per console process at 5 s reload  ${Math.floor(polls * 5)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
