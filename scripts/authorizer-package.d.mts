/** Types of scripts/authorizer-package.mjs, for TypeScript callers (the console uploads the zip). */
export function authorizerVersion(): string;
export function bundleAuthorizer(version?: string): Promise<string>;
export function buildAuthorizerZip(): Promise<{
  /** The zip: one entry, `index.js`; byte-identical for the same sources. */
  zip: Uint8Array;
  /** Hex SHA-256 of `zip`: the S3 key is `authorizer/<sha256>.zip`. */
  sha256: string;
  /** package.json version. */
  version: string;
  /** `authorizer-<version>.zip` */
  fileName: string;
  /** The bundled index.js. */
  code: string;
}>;
/** Builds the zip and writes it and its `.sha256` file under dist/. */
export function writeAuthorizerArtifact(): Promise<Awaited<ReturnType<typeof buildAuthorizerZip>> & { zipPath: string; checksumPath: string }>;
