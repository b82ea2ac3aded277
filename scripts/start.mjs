#!/usr/bin/env node
// `npm start`: serve the built console (production mode). Defaults suit the embedded setup:
// http://localhost:3000, state under ./data.
//
// When the build tools (devDependencies) are installed, it first does what `npm run build` does
// for whichever part has no build yet or whose sources changed since: the authorizer package
// (dist/) and the console (.next/). A production install (`npm run build`, then `npm prune
// --omit=dev`) has no build tools: it serves what `npm run build` made and never builds — it
// refuses to start without a console build and says so when the sources are newer than the build.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DIST_DIR, checksumFileName } from "./authorizer-artifact.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const version = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version;

const CONSOLE = {
  name: "the console",
  stamp: path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"),
  sources: ["app", "components", "lib", "policy", "protocol", "public", "scripts/authorizer-artifact.mjs", "next.config.ts", "package.json", "instrumentation.ts", "postcss.config.mjs", "proxy.ts", "scripts/serve.mjs", "scripts/encoding-relay.mjs"],
  command: [nextBin, "build"],
};
const AUTHORIZER = {
  name: "the authorizer package",
  stamp: path.join(root, DIST_DIR, checksumFileName(version)),
  sources: ["lambda", "policy", "protocol", "scripts/authorizer-package.mjs", "scripts/authorizer-artifact.mjs", "package.json"],
  command: [path.join(root, "scripts", "build-authorizer.mjs")],
};
/** What `npm run build` needs beyond the dependencies: gone after `npm prune --omit=dev`. */
const BUILD_TOOLS = ["esbuild", "fflate", "typescript", "@tailwindcss/postcss"];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** "missing", "stale" or null (up to date). */
function buildState(part) {
  if (!existsSync(part.stamp)) return "missing";
  const built = statSync(part.stamp).mtimeMs;
  return part.sources.some((s) => newestMtime(path.join(root, s)) > built) ? "stale" : null;
}

const port = process.env.PORT ?? "3000";
const env = { ...process.env, PORT: port, NEXT_TELEMETRY_DISABLED: "1" };
env.NEXTAUTH_URL ??= `http://localhost:${port}`;
env.NODE_ENV = "production";

const canBuild = BUILD_TOOLS.every((m) => existsSync(path.join(root, "node_modules", m, "package.json")));
for (const part of [AUTHORIZER, CONSOLE]) {
  const state = process.env.GATEHOUSE_SKIP_BUILD === "1" ? null : buildState(part);
  if (!state) continue;
  if (canBuild) {
    console.log(`[gatehouse] building ${part.name} (${state === "missing" ? "no build yet" : "sources changed"})…`);
    const build = spawnSync(process.execPath, part.command, { cwd: root, env, stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  } else if (part === CONSOLE && state === "missing") {
    console.error("[gatehouse] there is no console build and the build tools are not installed: run `npm install && npm run build` (before `npm prune --omit=dev`).");
    process.exit(1);
  } else if (state === "missing") {
    console.error(`[gatehouse] ${path.relative(root, part.stamp)} is missing: Launch stack and the package download answer 503 until \`npm run build\` has run.`);
  } else {
    console.warn(`[gatehouse] the sources are newer than the build of ${part.name}; serving the build as it is (run \`npm run build\` to rebuild).`);
  }
}

console.log(`[gatehouse] starting on ${env.NEXTAUTH_URL}`);
// scripts/serve.mjs rather than `next start`: see the file's opening comment.
const server = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs")], { cwd: root, env: { ...env, HOST: process.env.HOST ?? "0.0.0.0" }, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
