import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ApiError } from "../api/errors";
import type * as PackagerModule from "../../scripts/authorizer-package.mjs";

/**
 * The authorizer zip the stack deploys, built by the project's own packager
 * (scripts/authorizer-package.mjs — what `npm run build:authorizer` runs): byte-identical for the
 * same sources, so its SHA-256 names the S3 object. Built once per change of lambda/, policy/ or
 * package.json, then kept in memory.
 */
export interface AuthorizerPackage {
  bytes: Uint8Array;
  sha256: string;
  version: string;
  fileName: string;
}

type Packager = typeof PackagerModule;

const root = () => /*turbopackIgnore: true*/ process.cwd();
const SOURCES = ["lambda", "policy", "protocol", "package.json"];

function newestMtime(p: string): number {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) {
    if (entry === "node_modules" || entry.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

const globalForPackage = globalThis as unknown as { gatehouseAuthorizerPackage?: { stamp: number; pkg: Promise<AuthorizerPackage> } };

async function build(): Promise<AuthorizerPackage> {
  // Loaded from disk at run time (not bundled into the console): the packager finds the sources
  // relative to its own file and runs esbuild from node_modules.
  const url = pathToFileURL(path.join(root(), "scripts", "authorizer-package.mjs")).href;
  const packager = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url)) as Packager;
  const built = await packager.buildAuthorizerZip();
  return { bytes: built.zip, sha256: built.sha256, version: built.version, fileName: built.fileName };
}

export async function authorizerPackage(): Promise<AuthorizerPackage> {
  const stamp = Math.max(...SOURCES.map((s) => newestMtime(path.join(root(), s))));
  const cached = globalForPackage.gatehouseAuthorizerPackage;
  if (cached && cached.stamp === stamp) return cached.pkg;
  const pkg = build().catch((err: unknown) => {
    globalForPackage.gatehouseAuthorizerPackage = undefined;
    throw new ApiError(500, "authorizer_package_failed", `The authorizer package could not be built: ${err instanceof Error ? err.message : String(err)}`);
  });
  globalForPackage.gatehouseAuthorizerPackage = { stamp, pkg };
  return pkg;
}
