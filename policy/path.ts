/**
 * Dotted paths into JSON-like values: `address.country`, `amr.0`, `cnf.x5t#S256`.
 * `\.` is a literal dot inside a segment (`https://example\.com/roles`), `\\` a literal backslash.
 * Only OWN properties are ever read: `constructor`, `__proto__`, `toString`… on a plain object are
 * absent. Numeric segments (canonical: `0`, `12`, not `01` or `-1`) index arrays.
 */

export interface CompiledPath {
  readonly segments: readonly string[];
  /** Per segment: its array index, or -1 when it is not a canonical index. */
  readonly indexes: Int32Array;
}

export const MAX_PATH_LENGTH = 256;
export const MAX_PATH_SEGMENTS = 32;


export function parsePath(raw: string): CompiledPath | string {
  if (raw.length === 0) return "the path is empty";
  if (raw.length > MAX_PATH_LENGTH) return `the path is longer than ${MAX_PATH_LENGTH} characters`;
  const segments: string[] = [];
  let cur = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === "\\" && (raw[i + 1] === "." || raw[i + 1] === "\\")) {
      cur += raw[++i]!;
    } else if (c === ".") {
      if (cur.length === 0) return `the path "${raw}" has an empty segment`;
      segments.push(cur);
      cur = "";
    } else {
      cur += c;
    }
  }
  if (cur.length === 0) return `the path "${raw}" has an empty segment`;
  segments.push(cur);
  if (segments.length > MAX_PATH_SEGMENTS) return `the path has more than ${MAX_PATH_SEGMENTS} segments`;
  const indexes = new Int32Array(segments.length);
  segments.forEach((s, i) => {
    indexes[i] = /^(0|[1-9]\d{0,8})$/.test(s) ? Number(s) : -1;
  });
  return { segments, indexes };
}

/** The value at `path` under `root`, or undefined when any step is missing. Never reads inherited properties. */
export function resolvePath(root: unknown, path: CompiledPath): unknown {
  const { segments, indexes } = path;
  let cur = root;
  for (let i = 0; i < segments.length; i++) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (Array.isArray(cur)) {
      const idx = indexes[i]!;
      if (idx < 0 || idx >= cur.length || !Object.hasOwn(cur, idx)) return undefined;
      cur = (cur as unknown[])[idx];
    } else {
      const seg = segments[i]!;
      if (!Object.hasOwn(cur, seg)) return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}
