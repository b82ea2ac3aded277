#!/usr/bin/env node
// The authorizer half of `npm run build` (alone: `npm run build:authorizer`): writes
// dist/authorizer-<version>.zip and dist/authorizer-<version>.zip.sha256, and prints the SHA-256
// (the stack's S3 key is authorizer/<sha256>.zip) — the console serves exactly these bytes.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeAuthorizerArtifact } from "./authorizer-package.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { zip, sha256, code, zipPath, checksumPath } = await writeAuthorizerArtifact();
console.log(`[gatehouse] authorizer package ${path.relative(root, zipPath)}  ${zip.byteLength} bytes (index.js ${Buffer.byteLength(code)} bytes)`);
console.log(`[gatehouse] authorizer sha256 ${sha256}  (${path.relative(root, checksumPath)}; S3 key authorizer/${sha256}.zip)`);
