#!/usr/bin/env node
// `npm run demo`: the whole Quickstart with no AWS account. Starts the AWS emulator (moto, with the
// API Gateway behaviours it lacks), the local API Gateway data plane (sandbox/), creates an example
// PetStore REST API, then serves the console pointed at them. Ctrl-C stops everything.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const motoPort = Number(process.env.DEMO_MOTO_PORT ?? 4566);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const consolePort = process.env.PORT ?? "3000";
const endpoint = `http://127.0.0.1:${motoPort}`;
const awsEnv = {
  AWS_ENDPOINT_URL: endpoint,
  AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
  AWS_DEFAULT_REGION: process.env.AWS_REGION ?? "us-east-1",
  AWS_ACCESS_KEY_ID: "demo",
  AWS_SECRET_ACCESS_KEY: "demo",
  AWS_SESSION_TOKEN: "demo",
};
const children = [];

function run(name, cmd, args, env) {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`[demo] ${name} exited (${code}); stopping the demo.`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not start at ${url}`);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const c of children) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

console.log(`[demo] starting the AWS emulator on ${endpoint}`);
// GATEHOUSE_SANDBOX_URL: the emulator forwards Lambda's Invoke to the sandbox, which runs the zips.
run("moto", "python3", [path.join(root, "test", "moto", "gatehouse_moto_server.py"), "-H", "127.0.0.1", "-p", String(motoPort)], {
  GATEHOUSE_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}`,
});
await waitFor(`${endpoint}/moto-api/data.json`, "moto");

const tsx = path.join(root, "node_modules", ".bin", "tsx");
const seed = spawn(tsx, [path.join(root, "sandbox", "seed-petstore.ts")], { cwd: root, env: { ...process.env, ...awsEnv }, stdio: "inherit" });
await new Promise((resolve, reject) => seed.on("exit", (c) => (c === 0 ? resolve() : reject(new Error("seeding PetStore failed")))));

console.log(`[demo] starting the local API Gateway data plane on http://127.0.0.1:${sandboxPort}`);
run("sandbox", tsx, [path.join(root, "sandbox", "main.ts")], { ...awsEnv, SANDBOX_PORT: String(sandboxPort) });
await waitFor(`http://127.0.0.1:${sandboxPort}/_sandbox/health`, "sandbox");

console.log(`[demo] starting the console on http://localhost:${consolePort}`);
run("console", process.execPath, [path.join(root, "scripts", "start.mjs")], {
  ...awsEnv,
  PORT: consolePort,
  GATEHOUSE_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}`,
  GATEHOUSE_DATA_DIR: process.env.GATEHOUSE_DATA_DIR ?? path.join(root, "data", "demo"),
});
