// Where `npm run build` leaves the authorizer package and how its checksum file reads. Shared by
// the packager (scripts/authorizer-package.mjs writes them) and the console (lib/aws/package.ts
// reads them), so the names live in one place. Node built-ins only: the console loads this in a
// production install, where the devDependencies are gone.
import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The build's output folder, relative to the project root. */
export const DIST_DIR = "dist";

/** @param {string} version */
export function artifactFileName(version) {
  return `authorizer-${version}.zip`;
}

/** @param {string} version */
export function checksumFileName(version) {
  return `${artifactFileName(version)}.sha256`;
}

/** The `sha256sum` format (`<hex>  <file>`), so `sha256sum -c` checks the zip too. */
export function checksumLine(sha256, fileName) {
  return `${sha256}  ${fileName}\n`;
}

/** The SHA-256 the checksum file records for `fileName`, or null when it says something else. */
export function parseChecksum(text, fileName) {
  const m = /^([0-9a-f]{64}) [ *](\S+)\r?\n?$/.exec(text);
  return m && m[2] === fileName ? m[1] : null;
}

/** Writes through a temporary file and a rename: a reader never sees half a zip. */
export function writeAtomically(file, data) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
