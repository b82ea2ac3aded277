/**
 * Wildcard values of `equals` / `contains`: `*` matches any sequence (including none),
 * `\*` is a literal star, `\\` a literal backslash, `\$` a literal dollar (so a value can start with
 * a literal `$authnCtx.`); any other backslash is kept as is (`DOMAIN\user` means what it says).
 */

export type GlobValue =
  | { kind: "any" } // the value "*" alone
  | { kind: "exact"; text: string } // no unescaped star: plain string comparison
  | { kind: "glob"; parts: string[]; minLength: number }; // parts between the stars (≥ 2)

export function parseGlob(raw: string): GlobValue {
  if (raw === "*") return { kind: "any" };
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === "\\") {
      const n = raw[i + 1];
      if (n === "*" || n === "\\" || n === "$") {
        cur += n;
        i++;
      } else {
        cur += c;
      }
    } else if (c === "*") {
      parts.push(cur);
      cur = "";
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  if (parts.length === 1) return { kind: "exact", text: parts[0]! };
  return { kind: "glob", parts, minLength: parts.reduce((n, p) => n + p.length, 0) };
}

/** Whole-string match of a glob with at least one star (leftmost placement of the inner parts is optimal). */
export function globMatches(parts: readonly string[], minLength: number, s: string): boolean {
  if (s.length < minLength) return false;
  const last = parts.length - 1;
  const first = parts[0]!;
  const tail = parts[last]!;
  if (!s.startsWith(first) || !s.endsWith(tail)) return false;
  let pos = first.length;
  const end = s.length - tail.length;
  for (let i = 1; i < last; i++) {
    const p = parts[i]!;
    const at = s.indexOf(p, pos);
    if (at < 0 || at + p.length > end) return false;
    pos = at + p.length;
  }
  return true;
}

/** Substring match: some substring of `s` matches the glob. */
export function globOccursIn(parts: readonly string[], minLength: number, s: string): boolean {
  if (s.length < minLength) return false;
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.length === 0) continue;
    const at = s.indexOf(p, pos);
    if (at < 0) return false;
    pos = at + p.length;
  }
  return true;
}
