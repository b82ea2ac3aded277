import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { readAuthorizerArtifact } from "./package";

/** The built artifact as the console reads it: checked against its checksum, clear when missing. */
describe("readAuthorizerArtifact", () => {
  let dir: string;
  const zip = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
  const sha = createHash("sha256").update(zip).digest("hex");
  const write = (name: string, data: string | Uint8Array, mtime = Date.now() / 1000) => {
    const file = path.join(dir, "dist", name);
    writeFileSync(file, data);
    utimesSync(file, mtime, mtime); // a new stamp, as a rebuild gives
  };
  const error = (): ApiError => {
    try {
      readAuthorizerArtifact(dir);
    } catch (err) {
      if (err instanceof ApiError) return err;
      throw err;
    }
    throw new Error("no error");
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-artifact-"));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "gatehouse", version: "9.8.7" }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("without dist/: 503 naming the file and `npm run build`", () => {
    const e = error();
    expect(e.status).toBe(503);
    expect(e.code).toBe("authorizer_package_missing");
    expect(e.message).toContain("dist/authorizer-9.8.7.zip");
    expect(e.message).toContain("Run `npm run build`");
  });

  it("serves the zip when its checksum file matches, and a rebuilt one once it changes", () => {
    mkdirSync(path.join(dir, "dist"));
    write("authorizer-9.8.7.zip", zip, 1_000);
    write("authorizer-9.8.7.zip.sha256", `${sha}  authorizer-9.8.7.zip\n`, 1_000);
    const pkg = readAuthorizerArtifact(dir);
    expect(pkg).toMatchObject({ sha256: sha, version: "9.8.7", fileName: "authorizer-9.8.7.zip" });
    expect(Buffer.from(pkg.bytes).equals(Buffer.from(zip))).toBe(true);

    const rebuilt = new Uint8Array([...zip, 0]);
    const sha2 = createHash("sha256").update(rebuilt).digest("hex");
    write("authorizer-9.8.7.zip", rebuilt, 2_000);
    write("authorizer-9.8.7.zip.sha256", `${sha2}  authorizer-9.8.7.zip\n`, 2_000);
    expect(readAuthorizerArtifact(dir).sha256).toBe(sha2);
  });

  it("refuses a zip that does not match its checksum (interrupted build, edited file)", () => {
    mkdirSync(path.join(dir, "dist"));
    write("authorizer-9.8.7.zip", new Uint8Array([...zip, 1]));
    write("authorizer-9.8.7.zip.sha256", `${sha}  authorizer-9.8.7.zip\n`);
    const e = error();
    expect(e.status).toBe(503);
    expect(e.message).toMatch(/does not match its checksum.*npm run build/);
  });

  it("refuses a checksum file of another file or without a SHA-256, and a missing checksum file", () => {
    mkdirSync(path.join(dir, "dist"));
    write("authorizer-9.8.7.zip", zip);
    write("authorizer-9.8.7.zip.sha256", `${sha}  authorizer-1.0.0.zip\n`);
    expect(error().message).toMatch(/not a SHA-256 of authorizer-9\.8\.7\.zip/);
    write("authorizer-9.8.7.zip.sha256", "garbage\n");
    expect(error().status).toBe(503);
    rmSync(path.join(dir, "dist", "authorizer-9.8.7.zip.sha256"));
    expect(error().message).toMatch(/checksum dist\/authorizer-9\.8\.7\.zip\.sha256 is missing/);
  });
});
