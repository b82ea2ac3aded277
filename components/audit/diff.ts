/** A readable before → after of one audit entry: the changed leaves, by dotted path. */

export interface DiffLine {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: string;
  after?: string;
}

const MAX_DEPTH = 6;

function flatten(value: unknown, prefix: string, out: Map<string, string>, depth: number): void {
  const isContainer = value !== null && typeof value === "object";
  const empty = isContainer && Object.keys(value).length === 0;
  if (!isContainer || empty || depth >= MAX_DEPTH) {
    out.set(prefix || "(value)", JSON.stringify(value) ?? "undefined");
    return;
  }
  for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
}

function leaves(value: Record<string, unknown> | null): Map<string, string> {
  const out = new Map<string, string>();
  if (value) for (const [k, v] of Object.entries(value)) flatten(v, k, out, 1);
  return out;
}

export function auditDiff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): DiffLine[] {
  const b = leaves(before);
  const a = leaves(after);
  const lines: DiffLine[] = [];
  for (const [path, value] of b) {
    const next = a.get(path);
    if (next === undefined) lines.push({ path, kind: "removed", before: value });
    else if (next !== value) lines.push({ path, kind: "changed", before: value, after: next });
  }
  for (const [path, value] of a) if (!b.has(path)) lines.push({ path, kind: "added", after: value });
  return lines;
}
