// The authorizer package: lambda/index.ts bundled by esbuild into one `index.js` (Node 20
// target, CommonJS, minified, AWS SDK v3 left to the Lambda runtime) and zipped with fflate
// into a byte-identical archive for the same sources — fixed entry time and attributes, one
// entry — so its SHA-256 can be the S3 key (`authorizer/<sha256>.zip`) the stack deploys.
// Used by scripts/build-authorizer.mjs (part of `npm run build`), which writes the artifact the
// console serves, and by `npm run dev`, where the console builds it from the sources it runs.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { zipSync } from "fflate";
import { DIST_DIR, artifactFileName, checksumFileName, checksumLine, writeAtomically } from "./authorizer-artifact.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Noon (local time, as ZIP stores it) on 2000-01-01: the same DOS timestamp in every time zone. */
const FIXED_MTIME = new Date(2000, 0, 1, 12, 0, 0);

export function authorizerVersion() {
  return JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version;
}

/** Bundles lambda/index.ts; returns the code of index.js. */
export async function bundleAuthorizer(version = authorizerVersion()) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["lambda/index.ts"],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    sourcemap: false,
    write: false,
    // ESM entry points first: better tree shaking for jose and zod.
    mainFields: ["module", "main"],
    external: ["@aws-sdk/*"],
    define: { __AUTHORIZER_VERSION__: JSON.stringify(version) },
    logLevel: "warning",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("esbuild produced no output");
  const code = file.text;
  assertOnlyRuntimeImports(code);
  return code;
}

/** index.js may load nothing but Node built-ins and the AWS SDK the Lambda runtime provides. */
function assertOnlyRuntimeImports(code) {
  const builtins = new Set(builtinModules);
  const bad = new Set();
  for (const m of code.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
    const id = m[1];
    const bare = id.startsWith("node:") ? id.slice(5) : id;
    if (builtins.has(bare) || builtins.has(bare.split("/")[0]) || id.startsWith("@aws-sdk/")) continue;
    bad.add(id);
  }
  if (bad.size > 0) throw new Error(`the authorizer bundle requires modules the Lambda runtime lacks: ${[...bad].join(", ")}`);
}

/** @returns {Promise<{ zip: Uint8Array, sha256: string, version: string, fileName: string, code: string }>} */
export async function buildAuthorizerZip() {
  const version = authorizerVersion();
  const code = await bundleAuthorizer(version);
  const zip = zipSync(
    { "index.js": [new TextEncoder().encode(code), { level: 9, mtime: FIXED_MTIME, os: 3, attrs: 0o644 << 16 }] },
    { level: 9, mtime: FIXED_MTIME },
  );
  const sha256 = createHash("sha256").update(zip).digest("hex");
  return { zip, sha256, version, fileName: artifactFileName(version), code };
}

/**
 * Builds the zip and writes `dist/authorizer-<version>.zip` and `dist/authorizer-<version>.zip.sha256`
 * (each through a rename, so a console or test reading them never sees half a file).
 */
export async function writeAuthorizerArtifact() {
  const built = await buildAuthorizerZip();
  const dist = path.join(root, DIST_DIR);
  mkdirSync(dist, { recursive: true });
  const zipPath = path.join(dist, built.fileName);
  const checksumPath = path.join(dist, checksumFileName(built.version));
  writeAtomically(zipPath, built.zip);
  writeAtomically(checksumPath, checksumLine(built.sha256, built.fileName));
  return { ...built, zipPath, checksumPath };
}
