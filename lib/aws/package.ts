import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ApiError } from "../api/errors";
import { DIST_DIR, artifactFileName, checksumFileName, parseChecksum } from "../../scripts/authorizer-artifact.mjs";
import type * as PackagerModule from "../../scripts/authorizer-package.mjs";

/**
 * The authorizer zip the stack deploys and the package download serves: the artifact `npm run
 * build` wrote (`dist/authorizer-<version>.zip` and its `.sha256`), so what reaches AWS is the
 * tested build, not whatever sources sit in the server's folder — and a production install needs
 * neither esbuild nor the lambda/ sources. The zip is checked against its checksum file before it
 * is served; missing or not matching → 503 telling the operator to run `npm run build`.
 *
 * Only `npm run dev` (NODE_ENV development) builds it from the sources at run time, again after
 * each change of lambda/, policy/, protocol/ or package.json.
 */
export interface AuthorizerPackage {
  bytes: Uint8Array;
  sha256: string;
  version: string;
  fileName: string;
}

const root = () => /*turbopackIgnore: true*/ process.cwd();

/** The version the package carries: package.json's, what the artifact's name says. */
export function authorizerVersion(projectRoot = root()): string {
  const parsed: unknown = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8"));
  const version = (parsed as { version?: unknown }).version;
  if (typeof version !== "string" || version === "") throw new Error("package.json has no version");
  return version;
}

const missing = (detail: string) =>
  new ApiError("authorizer_package_missing", `${detail} Run \`npm run build\` in the console's folder (it writes the authorizer package under ${DIST_DIR}/), then try again.`);

type Cached = { stamp: string; pkg: AuthorizerPackage };
const globalForPackage = globalThis as unknown as { gatehouseAuthorizerArtifact?: Cached; gatehouseAuthorizerDevBuild?: { stamp: number; pkg: Promise<AuthorizerPackage> } };

/** Reads and checks the built artifact under `projectRoot`; re-read only when its files change. */
export function readAuthorizerArtifact(projectRoot = root()): AuthorizerPackage {
  let version: string;
  try {
    version = authorizerVersion(projectRoot);
  } catch (err) {
    throw missing(`The console cannot read its version from package.json (${err instanceof Error ? err.message : String(err)}).`);
  }
  const fileName = artifactFileName(version);
  const zipPath = path.join(projectRoot, DIST_DIR, fileName);
  const checksumPath = path.join(projectRoot, DIST_DIR, checksumFileName(version));
  let stamp: string;
  try {
    const [z, c] = [statSync(zipPath), statSync(checksumPath)];
    stamp = `${zipPath}:${z.mtimeMs}:${z.size}:${c.mtimeMs}:${c.size}`;
  } catch {
    throw missing(`The authorizer package ${DIST_DIR}/${fileName} or its checksum ${DIST_DIR}/${checksumFileName(version)} is missing.`);
  }
  const cached = globalForPackage.gatehouseAuthorizerArtifact;
  if (cached?.stamp === stamp) return cached.pkg;

  const bytes = new Uint8Array(readFileSync(zipPath));
  const recorded = parseChecksum(readFileSync(checksumPath, "utf8"), fileName);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (recorded === null) throw missing(`The checksum file ${DIST_DIR}/${checksumFileName(version)} is not a SHA-256 of ${fileName}.`);
  if (recorded !== sha256) throw missing(`The authorizer package ${DIST_DIR}/${fileName} does not match its checksum (a build was interrupted or the file was changed).`);
  const pkg = { bytes, sha256, version, fileName };
  globalForPackage.gatehouseAuthorizerArtifact = { stamp, pkg };
  return pkg;
}

// ---- npm run dev only: build from the sources the dev server runs ----

const DEV_SOURCES = ["lambda", "policy", "protocol", "package.json"];

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

async function devBuild(): Promise<AuthorizerPackage> {
  // Loaded from disk at run time (not bundled into the console): the packager finds the sources
  // relative to its own file and runs esbuild from node_modules.
  const url = pathToFileURL(path.join(root(), "scripts", "authorizer-package.mjs")).href;
  const packager = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url)) as typeof PackagerModule;
  const built = await packager.buildAuthorizerZip();
  return { bytes: built.zip, sha256: built.sha256, version: built.version, fileName: built.fileName };
}

function devPackage(): Promise<AuthorizerPackage> {
  const stamp = Math.max(...DEV_SOURCES.map((s) => newestMtime(path.join(root(), s))));
  const cached = globalForPackage.gatehouseAuthorizerDevBuild;
  if (cached && cached.stamp === stamp) return cached.pkg;
  const pkg = devBuild().catch((err: unknown) => {
    globalForPackage.gatehouseAuthorizerDevBuild = undefined;
    throw new ApiError("authorizer_package_failed", `The authorizer package could not be built from the sources: ${err instanceof Error ? err.message : String(err)}`);
  });
  globalForPackage.gatehouseAuthorizerDevBuild = { stamp, pkg };
  return pkg;
}

export async function authorizerPackage(): Promise<AuthorizerPackage> {
  if (process.env.NODE_ENV === "development") return devPackage();
  return readAuthorizerArtifact();
}
