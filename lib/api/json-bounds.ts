import type { z } from "zod";
import type { FieldIssue } from "./errors";

/**
 * What every JSON body must satisfy before its schema sees it, checked once in the route
 * wrappers: no string or key holds a NUL character (PostgreSQL text and jsonb refuse U+0000), and
 * nothing nests deeper than MAX_JSON_DEPTH (deep values overflow the stack of whatever walks
 * them later — the policy engine, jsonb, JSON.stringify). A real policy nests fewer than ten levels.
 * Stored JSON values are also bounded in size by `boundedJson` where their schema declares them.
 */
export const MAX_JSON_DEPTH = 32;

const NUL = "\u0000";

function joinPath(path: (string | number)[]): string {
  return path.map(String).join(".") || "(body)";
}

function walk(value: unknown, path: (string | number)[]): FieldIssue | null {
  if (typeof value === "string") return value.includes(NUL) ? { path: joinPath(path), message: "contains a NUL character (\\u0000)" } : null;
  if (value === null || typeof value !== "object") return null;
  if (path.length >= MAX_JSON_DEPTH) return { path: joinPath(path), message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = walk(value[i], [...path, i]);
      if (issue) return issue;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    if (key.includes(NUL)) return { path: joinPath([...path, key.replaceAll(NUL, "\\u0000")]), message: "the key contains a NUL character (\\u0000)" };
    const issue = walk(v, [...path, key]);
    if (issue) return issue;
  }
  return null;
}

/** The first part of a parsed JSON value (or form/query object) that may not be stored, or null. */
export function jsonBoundaryIssue(value: unknown): FieldIssue | null {
  return walk(value, []);
}

/** A stored JSON value: at most `maxBytes` once serialized (depth is bounded for every body). */
export function boundedJson<T extends z.ZodType>(schema: T, maxBytes: number): T {
  return schema.refine((v) => v === undefined || Buffer.byteLength(JSON.stringify(v)) <= maxBytes, {
    message: `larger than ${maxBytes / 1024} KiB as JSON`,
  });
}
