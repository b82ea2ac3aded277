#!/usr/bin/env node
// The production install, checked end to end as an operator does it (called by .ci/run after
// `npm test`): a fresh clone of this repository's HEAD in a temporary folder → `npm install` →
// `npm run build` → `npm prune --omit=dev` → `npm start` (embedded database, AWS calls to the
// emulator) → sign in as the first admin with the password the console printed → an admin API
// token → create a gateway → download the authorizer package and *Launch stack* through the admin
// API. Passes when the downloaded zip, the zip uploaded for the stack and the code of the function
// the stack created all have the SHA-256 the build printed (and wrote to dist/…zip.sha256), and
// nothing was built after the prune.
//
// Never touches the calling checkout's node_modules: everything happens in the clone. Node
// built-ins only, so it runs before or without any install. Last line: "[prod-install] OK …" or
// "[prod-install] FAILED: …" (exit code 1). GATEHOUSE_KEEP_PRODUCTION_INSTALL=1 keeps the folder.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const work = mkdtempSync(path.join(os.tmpdir(), "gatehouse-prodinstall-"));
const clone = path.join(work, "gatehouse");
const REGION = "us-east-1";
const children = [];

const log = (msg) => console.log(`[prod-install] ${msg}`);
class Failure extends Error {}
const fail = (msg) => {
  throw new Failure(msg);
};

/** Runs a command in the clone, its output into a log file; on failure shows the end of it. */
function run(name, cmd, args, { timeoutMs = 20 * 60_000, env = process.env } = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: clone, env, encoding: "utf8", timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  writeFileSync(path.join(work, `${name}.log`), output);
  if (r.status !== 0) {
    console.log(output.split("\n").slice(-40).join("\n"));
    fail(`\`${[cmd, ...args].join(" ")}\` ${r.error ? r.error.message : `exited with ${r.status}`} (log: ${path.join(work, `${name}.log`)})`);
  }
  log(`${[cmd, ...args].join(" ")}: ok in ${Math.round((Date.now() - started) / 1000)} s`);
  return output;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a long-running process in its own process group (stopped as a group at the end). */
function start(name, cmd, args, env) {
  const child = spawn(cmd, args, { cwd: clone, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const state = { child, output: "", name };
  const keep = (d) => {
    state.output += d.toString();
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  children.push(state);
  return state;
}

async function waitFor(what, check, proc, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) {
      console.log(proc.output.split("\n").slice(-40).join("\n"));
      fail(`${proc.name} exited with code ${proc.child.exitCode} before ${what}`);
    }
    try {
      if (await check()) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(proc.output.split("\n").slice(-40).join("\n"));
  fail(`${what}: not within ${timeoutMs / 1000} s`);
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

function stopAll() {
  for (const { child } of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
}

async function main() {
  const head = spawnSync("git", ["-C", source, "rev-parse", "HEAD"], { encoding: "utf8" }).stdout.trim();
  log(`fresh clone of ${source} at ${head.slice(0, 12)} into ${clone} (committed files only)`);
  const cloned = spawnSync("git", ["clone", "--quiet", "--no-hardlinks", source, clone], { encoding: "utf8" });
  if (cloned.status !== 0) fail(`git clone failed: ${cloned.stderr}`);
  // The clone checks out the source's default branch; test the commit the source is at.
  const checkout = spawnSync("git", ["-C", clone, "checkout", "--quiet", "--detach", head], { encoding: "utf8" });
  if (checkout.status !== 0) fail(`git checkout ${head} failed: ${checkout.stderr}`);

  // 1. Install exactly as the README says; a fresh install must leave the tree clean.
  run("npm-install", "npm", ["install", "--no-audit", "--no-fund"]);
  const dirty = spawnSync("git", ["status", "--porcelain"], { cwd: clone, encoding: "utf8" }).stdout.trim();
  if (dirty) fail(`npm install on a fresh clone changed tracked files (package-lock.json must match the registry):\n${dirty}`);

  // 2. Build: the console and the authorizer package, whose SHA-256 the build prints.
  const buildOutput = run("npm-build", "npm", ["run", "build"]);
  const printed = /authorizer sha256 ([0-9a-f]{64})/.exec(buildOutput)?.[1];
  if (!printed) fail("`npm run build` did not print the authorizer package's SHA-256");
  const version = JSON.parse(readFileSync(path.join(clone, "package.json"), "utf8")).version;
  const zipName = `authorizer-${version}.zip`;
  const zipPath = path.join(clone, "dist", zipName);
  if (!existsSync(zipPath)) fail(`\`npm run build\` wrote no dist/${zipName} (dist/: ${existsSync(path.join(clone, "dist")) ? readdirSync(path.join(clone, "dist")).join(", ") : "missing"})`);
  const recorded = readFileSync(`${zipPath}.sha256`, "utf8");
  if (recorded !== `${printed}  ${zipName}\n`) fail(`dist/${zipName}.sha256 says ${JSON.stringify(recorded)}, the build printed ${printed}`);
  if (sha256(readFileSync(zipPath)) !== printed) fail(`dist/${zipName} does not hash to the SHA-256 the build printed`);
  log(`build printed sha256 ${printed} (dist/${zipName}, matches its .sha256)`);

  // 3. What a production image does: drop the devDependencies (esbuild, TypeScript, Tailwind, tsx…).
  run("npm-prune", "npm", ["prune", "--omit=dev", "--no-audit", "--no-fund"]);
  for (const tool of ["esbuild", "fflate", "typescript", "tsx", "drizzle-kit"]) {
    if (existsSync(path.join(clone, "node_modules", tool))) fail(`node_modules/${tool} is still there after npm prune --omit=dev`);
  }

  // 4. The AWS emulator for *Launch stack* (never real AWS), then `npm start` on a fresh data dir.
  const motoPort = await freePort();
  const moto = start("moto", "python3", [path.join(clone, "test", "moto", "gatehouse_moto_server.py"), "-H", "127.0.0.1", "-p", String(motoPort)], { ...process.env });
  const motoUrl = `http://127.0.0.1:${motoPort}`;
  await waitFor("the AWS emulator answered", async () => (await fetch(`${motoUrl}/moto-api/data.json`)).ok, moto, 60_000);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? work,
    PORT: String(port),
    HOST: "127.0.0.1",
    NEXTAUTH_URL: base,
    GATEHOUSE_DATA_DIR: path.join(work, "data"),
    AWS_ENDPOINT_URL: motoUrl,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_SESSION_TOKEN: "test",
  };
  const server = start("npm start", "npm", ["start"], env);
  await waitFor("the console answered /api/health", async () => (await fetch(`${base}/api/health`)).ok, server, 180_000);
  if (server.output.includes("[gatehouse] building")) fail(`npm start tried to build after the prune:\n${server.output}`);
  log(`npm start: console up on ${base}`);

  // 5. Sign in as the first admin, with the password printed once in the console's log.
  const password = /password:\s*(\S+)/.exec(server.output)?.[1];
  if (!password) fail("the console printed no first-admin password");
  const jar = new Map();
  const keepCookies = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keepCookies(csrfRes);
  const { csrfToken } = await csrfRes.json();
  const signIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, username: "admin", password, callbackUrl: base, json: "true" }),
  });
  keepCookies(signIn);
  if (![...jar.keys()].some((k) => k.endsWith("next-auth.session-token"))) fail(`sign-in as admin gave no session (HTTP ${signIn.status})`);
  const me = await fetch(`${base}/api/admin/default/me`, { headers: { cookie: cookie() } });
  if (!me.ok) fail(`GET /api/admin/default/me with the session: HTTP ${me.status}`);
  log("signed in as admin with the printed password");

  // 6. The admin API, as automation uses it: a token, a gateway, the package, the stack.
  const tokenRes = await fetch(`${base}/api/admin/default/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: cookie(), origin: base },
    body: JSON.stringify({ name: "production-install check" }),
  });
  if (tokenRes.status !== 201) fail(`POST /tokens: HTTP ${tokenRes.status} ${await tokenRes.text()}`);
  const { secret } = await tokenRes.json();
  const api = (p, init = {}) =>
    fetch(`${base}/api/admin/default${p}`, { ...init, headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", ...init.headers } });
  const gwRes = await api("/gateways", { method: "POST", body: JSON.stringify({ name: "Production install", type: "aws", region: REGION }) });
  if (gwRes.status !== 201) fail(`POST /gateways: HTTP ${gwRes.status} ${await gwRes.text()}`);
  const gw = await gwRes.json();

  const pkgRes = await api(`/gateways/${gw.id}/stack/package`);
  if (pkgRes.status !== 200) fail(`package download: HTTP ${pkgRes.status} ${await pkgRes.text()}`);
  const downloaded = sha256(new Uint8Array(await pkgRes.arrayBuffer()));
  if (downloaded !== printed) fail(`the downloaded package's SHA-256 ${downloaded} is not the build's ${printed}`);
  log(`package download: sha256 ${downloaded} = the build's`);

  const launch = await api(`/gateways/${gw.id}/stack`, { method: "POST", body: JSON.stringify({ acknowledge_iam: true }) });
  if (launch.status !== 202) fail(`Launch stack: HTTP ${launch.status} ${await launch.text()}`);
  const stack = await launch.json();
  const { bucket, code_key: codeKey } = stack.artifacts ?? {};
  if (codeKey !== `authorizer/${printed}.zip`) fail(`Launch stack deployed ${codeKey}, not authorizer/${printed}.zip`);
  // Read back through the AWS SDK the install itself ships (a production dependency).
  const awsRequire = createRequire(path.join(clone, "package.json"));
  const { S3Client, GetObjectCommand } = awsRequire("@aws-sdk/client-s3");
  const { LambdaClient, GetFunctionConfigurationCommand } = awsRequire("@aws-sdk/client-lambda");
  const aws = { region: REGION, endpoint: motoUrl, credentials: { accessKeyId: "test", secretAccessKey: "test", sessionToken: "test" } };
  const object = await new S3Client({ ...aws, forcePathStyle: true }).send(new GetObjectCommand({ Bucket: bucket, Key: codeKey }));
  const uploadedSha = sha256(await object.Body.transformToByteArray());
  if (uploadedSha !== printed) fail(`the zip Launch stack uploaded hashes to ${uploadedSha}, not the build's ${printed}`);
  let view = stack;
  const deadline = Date.now() + 120_000;
  while (view.status !== "CREATE_COMPLETE") {
    if (/FAILED|ROLLBACK/.test(view.status) || Date.now() > deadline) fail(`the stack did not complete: ${view.status} ${JSON.stringify(view.failure ?? view.status_reason)}`);
    await new Promise((r) => setTimeout(r, 1000));
    const res = await api(`/gateways/${gw.id}/stack?refresh=1`);
    if (!res.ok) fail(`GET stack: HTTP ${res.status} ${await res.text()}`);
    view = (await res.json()).stack;
  }
  const fn = await new LambdaClient(aws).send(new GetFunctionConfigurationCommand({ FunctionName: view.outputs.FunctionName }));
  if (fn.CodeSha256 !== Buffer.from(printed, "hex").toString("base64")) fail(`the deployed function's CodeSha256 ${fn.CodeSha256} is not the build's zip`);
  log(`Launch stack: ${view.stack_name} CREATE_COMPLETE; s3://${bucket}/${codeKey} and the function's code are the build's zip`);
  return printed;
}

let exitCode = 0;
try {
  const sha = await main();
  log(`OK: fresh clone → npm install → npm run build → npm prune --omit=dev → npm start → sign-in → download and Launch stack, sha256 ${sha}`);
} catch (err) {
  exitCode = 1;
  log(`FAILED: ${err instanceof Failure ? err.message : (err?.stack ?? String(err))}`);
} finally {
  stopAll();
  await new Promise((r) => setTimeout(r, 1000));
  if (process.env.GATEHOUSE_KEEP_PRODUCTION_INSTALL === "1") log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
