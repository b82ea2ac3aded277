/** Types of scripts/authorizer-artifact.mjs (the names of the built authorizer package). */
export declare const DIST_DIR: string;
export function artifactFileName(version: string): string;
export function checksumFileName(version: string): string;
export function checksumLine(sha256: string, fileName: string): string;
export function parseChecksum(text: string, fileName: string): string | null;
export function writeAtomically(file: string, data: string | Uint8Array): void;
