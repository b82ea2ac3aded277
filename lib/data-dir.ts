import { mkdirSync } from "node:fs";
import path from "node:path";
import { env } from "./env";

/** The embedded default's state folder (database, generated key), created on first use. */
export function dataDir(): string {
  const dir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), env().GATEHOUSE_DATA_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
