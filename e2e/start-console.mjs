// Starts the built console for the e2e suite on a fresh data directory (so every run begins
// with an empty database and a known admin password).
import { rmSync } from "node:fs";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = process.env.GATEHOUSE_DATA_DIR ?? path.join(root, "data", "e2e");
rmSync(dataDir, { recursive: true, force: true });
const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
  cwd: root,
  env: { ...process.env, GATEHOUSE_DATA_DIR: dataDir },
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
