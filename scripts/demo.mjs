#!/usr/bin/env node
// `npm run demo`: the whole Quickstart with no AWS account. Starts the AWS emulator (moto, with the
// API Gateway behaviours it lacks), the local API Gateway data plane (sandbox/), creates an example
// PetStore REST API, then serves the console pointed at them. The emulator's and the data plane's
// output goes to log files under the data directory, so the terminal keeps what the user needs:
// the URL and the sign-in, printed once everything answers. An emulator that dies is restarted
// (empty, as moto keeps nothing) and the PetStore API created again. Ctrl-C stops everything.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { firstAdminFilter } from "./demo-first-admin.mjs";
import { supervise, waitForUrl } from "./demo-supervisor.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const motoPort = Number(process.env.DEMO_MOTO_PORT ?? 4566);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const consolePort = process.env.PORT ?? "3000";
const consoleUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${consolePort}`;
const dataDir = path.resolve(process.env.GATEHOUSE_DATA_DIR ?? path.join(root, "data", "demo"));
const logs = { moto: path.join(dataDir, "moto.log"), sandbox: path.join(dataDir, "sandbox.log"), console: path.join(dataDir, "console.log") };
const endpoint = `http://127.0.0.1:${motoPort}`;
const awsEnv = {
  AWS_ENDPOINT_URL: endpoint,
  AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
  AWS_DEFAULT_REGION: process.env.AWS_REGION ?? "us-east-1",
  AWS_ACCESS_KEY_ID: "demo",
  AWS_SECRET_ACCESS_KEY: "demo",
  AWS_SESSION_TOKEN: "demo",
};
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const say = (line) => console.log(`[demo] ${line}`);
/** A path as the user can type it: relative to the project when inside it. */
const shown = (p) => (p.startsWith(root + path.sep) ? path.relative(root, p) : p);
mkdirSync(dataDir, { recursive: true });

let stopping = false;
const stoppers = [];
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  void Promise.allSettled(stoppers.map((s) => s())).then(() => process.exit(code));
  setTimeout(() => process.exit(code), 5000).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

function tail(file, lines = 15) {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

function fail(message, logFile) {
  if (stopping) return;
  console.error(`[demo] ${message}; stopping the demo.`);
  if (logFile) console.error(`[demo] last lines of ${logFile}:\n${tail(logFile)}`);
  stop(1);
}

/** Awaits a start-up step; when it fails, stops the demo (and never resolves). */
async function must(step, message, logFile) {
  try {
    return await step;
  } catch (err) {
    fail(`${message}: ${err.message}`, logFile);
    return new Promise(() => {});
  }
}

/** Creates the example PetStore API (its one line to the terminal; its warnings only when it fails). */
async function seedPetStore() {
  const seed = spawn(tsx, [path.join(root, "sandbox", "seed-petstore.ts")], { cwd: root, env: { ...process.env, ...awsEnv }, stdio: ["ignore", "inherit", "pipe"] });
  let stderr = "";
  seed.stderr.on("data", (d) => (stderr = (stderr + d.toString()).slice(-4000)));
  await new Promise((resolve, reject) =>
    seed.on("exit", (c) => (c === 0 ? resolve() : reject(new Error(`seeding PetStore failed${stderr ? `:\n${stderr.trimEnd()}` : ""}`)))),
  );
}

/* The AWS emulator: restarted when it dies. moto keeps its state in memory only. */
say(`starting the AWS emulator on ${endpoint} (log: ${shown(logs.moto)})`);
const moto = supervise({
  name: "The AWS emulator",
  command: "python3",
  args: [path.join(root, "test", "moto", "gatehouse_moto_server.py"), "-H", "127.0.0.1", "-p", String(motoPort)],
  cwd: root,
  // GATEHOUSE_SANDBOX_URL: the emulator forwards Lambda's Invoke to the sandbox, which runs the zips.
  env: { GATEHOUSE_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}` },
  logFile: logs.moto,
  readyUrl: `${endpoint}/moto-api/data.json`,
  afterRestart: seedPetStore,
  lostMessage:
    "Everything it held is lost: authorizer stacks, Lambda functions, REST APIs and their deployments. " +
    `The console's state (under ${shown(dataDir)}) is not: it reads AWS again within a minute and shows what is gone ` +
    "(a gateway's stack as no longer existing, with Launch stack offered again; connected stages as not found in AWS). The PetStore API is created again.",
  onGiveUp: (reason) => fail(reason),
});
stoppers.push(() => moto.stop());
await must(moto.start(), `the AWS emulator did not start (is moto installed? see "Demo" in README.md)`, logs.moto);
await must(seedPetStore(), "the example API could not be created");

/* The local API Gateway data plane. */
say(`starting the local API Gateway data plane on http://127.0.0.1:${sandboxPort} (log: ${shown(logs.sandbox)})`);
const sandboxLog = createWriteStream(logs.sandbox, { flags: "a" });
const sandbox = spawn(tsx, [path.join(root, "sandbox", "main.ts")], {
  cwd: root,
  env: { ...process.env, ...awsEnv, SANDBOX_PORT: String(sandboxPort) },
  stdio: ["ignore", "pipe", "pipe"],
});
sandbox.stdout.pipe(sandboxLog);
sandbox.stderr.pipe(sandboxLog);
sandbox.on("exit", (code, signal) => fail(`the data plane exited (${signal ?? `exit code ${code}`})`, logs.sandbox));
stoppers.push(() => new Promise((resolve) => (sandbox.exitCode !== null ? resolve() : (sandbox.once("exit", resolve), sandbox.kill("SIGTERM")))));
await must(
  waitForUrl(`http://127.0.0.1:${sandboxPort}/_sandbox/health`, { exited: () => (sandbox.exitCode !== null ? `exit code ${sandbox.exitCode}` : null) }),
  "the data plane did not start",
  logs.sandbox,
);

/*
 * The console. Its output goes to its log file, and to the terminal until it answers (the first
 * start builds it, which takes minutes). The first-admin banner that lib/auth/bootstrap.ts prints
 * is kept out of both and shown once, below, after everything has started.
 */
say(`starting the console on ${consoleUrl} (log: ${shown(logs.console)}; the first start builds it first)`);
const consoleLog = createWriteStream(logs.console, { flags: "a" });
let consoleReady = false;
const web = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
  cwd: root,
  env: { ...process.env, ...awsEnv, PORT: consolePort, GATEHOUSE_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}`, GATEHOUSE_DATA_DIR: dataDir },
  stdio: ["ignore", "pipe", "pipe"],
});
const consoleOut = firstAdminFilter(emit);
const consoleErr = firstAdminFilter(emit);
createInterface({ input: web.stdout }).on("line", consoleOut.onLine);
createInterface({ input: web.stderr }).on("line", consoleErr.onLine);
function emit(line) {
  consoleLog.write(`${line}\n`);
  if (!consoleReady) console.log(line);
}
web.on("exit", (code, signal) => fail(`the console exited (${signal ?? `exit code ${code}`})`, logs.console));
stoppers.push(() => new Promise((resolve) => (web.exitCode !== null ? resolve() : (web.once("exit", resolve), web.kill("SIGTERM")))));
await must(
  waitForUrl(`http://127.0.0.1:${consolePort}/api/health`, {
    timeoutMs: 20 * 60_000,
    exited: () => (web.exitCode !== null ? `exit code ${web.exitCode}` : null),
  }),
  "the console did not start",
  logs.console,
);
await new Promise((r) => setTimeout(r, 500)); // output written just before it answered is read
consoleReady = true;

const firstAdmin = consoleOut.found;
const username = firstAdmin.username ?? process.env.ADMIN_USERNAME ?? "admin";
const password = firstAdmin.password
  ? `${firstAdmin.password}   (shown this once: sign in and change it in Settings)`
  : process.env.ADMIN_PASSWORD
    ? "the one in ADMIN_PASSWORD"
    : `the one shown when ${shown(dataDir)} was created (delete that folder to start afresh with a new one)`;
console.log(
  [
    "",
    "==================================================================",
    " The Gatehouse demo is running.",
    `   open:       ${consoleUrl}`,
    `   sign in as: ${username}`,
    `   password:   ${password}`,
    ` Logs: ${shown(logs.moto)}, ${shown(logs.sandbox)}, ${shown(logs.console)}`,
    " Ctrl-C stops everything.",
    "==================================================================",
    "",
  ].join("\n"),
);
