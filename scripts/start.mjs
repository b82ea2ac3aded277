#!/usr/bin/env node
// `npm start`: build the console when there is no build or the sources changed since, then
// serve it. Defaults suit the embedded setup: http://localhost:3000, state under ./data.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const buildId = path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID");
const SOURCES = ["app", "components", "lib", "policy", "public", "next.config.ts", "package.json", "instrumentation.ts", "postcss.config.mjs", "proxy.ts", "protocol"];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function needsBuild() {
  if (process.env.GATEHOUSE_SKIP_BUILD === "1") return false;
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

const port = process.env.PORT ?? "3000";
const env = { ...process.env, PORT: port, NEXT_TELEMETRY_DISABLED: "1" };
env.NEXTAUTH_URL ??= `http://localhost:${port}`;
env.NODE_ENV = "production";

if (needsBuild()) {
  console.log("[gatehouse] building the console (first start or sources changed)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

console.log(`[gatehouse] starting on ${env.NEXTAUTH_URL}`);
// scripts/serve.mjs rather than `next start`: it tells route handlers the client's address.
const server = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs")], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
