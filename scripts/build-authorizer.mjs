#!/usr/bin/env node
// `npm run build:authorizer`: writes dist/authorizer-<version>.zip and prints its SHA-256
// (the stack's S3 key is authorizer/<sha256>.zip) and size.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildAuthorizerZip } from "./authorizer-package.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { zip, sha256, fileName, code } = await buildAuthorizerZip();
const dist = path.join(root, "dist");
mkdirSync(dist, { recursive: true });
const out = path.join(dist, fileName);
writeFileSync(out, zip);
console.log(`${path.relative(root, out)}  ${zip.byteLength} bytes (index.js ${Buffer.byteLength(code)} bytes)`);
console.log(`sha256 ${sha256}`);
console.log(`s3 key authorizer/${sha256}.zip`);
