/**
 * Finding the API a request is for, within one API group (REST API + stage).
 *
 * APIs carry API Gateway resource templates (`/pets`, `/pets/{petId}`, `/{proxy+}`) and a method
 * (or `ANY`). A REQUEST event names its template (`resource`), so the usual lookup is one Map hit
 * on `METHOD template`, then `ANY template`. TOKEN events only carry the concrete path (in the
 * method ARN); then templates are matched segment by segment, most specific first as API Gateway
 * picks them (literal before `{param}` before `{greedy+}` at the first position that differs).
 */
const LITERAL = 0;
const PARAM = 1;
const GREEDY = 2;

interface Template<T> {
  path: string;
  segments: string[];
  kinds: number[];
  byMethod: Map<string, T>;
}

export function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

function kindOf(segment: string, last: boolean): number | null {
  if (!segment.startsWith("{") || !segment.endsWith("}")) return segment.includes("{") || segment.includes("}") ? null : LITERAL;
  const name = segment.slice(1, -1);
  if (name.endsWith("+")) return last && name.length > 1 ? GREEDY : null;
  return name.length > 0 && !/[{}]/.test(name) ? PARAM : null;
}

function compare(a: Template<unknown>, b: Template<unknown>): number {
  const n = Math.min(a.kinds.length, b.kinds.length);
  for (let i = 0; i < n; i++) if (a.kinds[i] !== b.kinds[i]) return a.kinds[i]! - b.kinds[i]!;
  return b.kinds.length - a.kinds.length;
}

export class RouteTable<T> {
  private readonly exact = new Map<string, T>();
  private readonly byPath = new Map<string, Template<T>>();
  private sorted: Template<T>[] | null = null;

  /** Adds an API; false when its path is not a valid resource template (it can never match). */
  add(method: string, path: string, value: T): boolean {
    const segments = splitPath(path);
    const kinds: number[] = [];
    for (let i = 0; i < segments.length; i++) {
      const k = kindOf(segments[i]!, i === segments.length - 1);
      if (k === null) return false;
      kinds.push(k);
    }
    const canonical = "/" + segments.join("/");
    const m = method.toUpperCase();
    const key = `${m} ${canonical}`;
    if (this.exact.has(key)) return true; // first one wins, as the configuration orders APIs
    this.exact.set(key, value);
    let t = this.byPath.get(canonical);
    if (!t) {
      t = { path: canonical, segments, kinds, byMethod: new Map() };
      this.byPath.set(canonical, t);
      this.sorted = null;
    }
    t.byMethod.set(m, value);
    return true;
  }

  get size(): number {
    return this.exact.size;
  }

  /** By the resource template API Gateway resolved (REQUEST events). */
  byResource(method: string, resource: string): T | undefined {
    // API Gateway sends templates in canonical form: one lookup each, no re-splitting.
    const direct = this.exact.get(`${method} ${resource}`) ?? this.exact.get(`ANY ${resource}`);
    if (direct !== undefined) return direct;
    const canonical = resource === "/" ? "/" : "/" + splitPath(resource).join("/");
    return this.exact.get(`${method} ${canonical}`) ?? this.exact.get(`ANY ${canonical}`);
  }

  /** By the concrete request path (TOKEN events, or REQUEST events without `resource`). */
  byPathMatch(method: string, path: string): T | undefined {
    const parts = splitPath(path);
    this.sorted ??= [...this.byPath.values()].sort(compare);
    for (const t of this.sorted) {
      if (!matches(t, parts)) continue;
      const hit = t.byMethod.get(method) ?? t.byMethod.get("ANY");
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
}

const parsedTemplates = new Map<string, Template<unknown> | null>();

/** A template's segments and kinds, parsed once (a few hundred templates; events name them on every request). */
function parsedTemplate(template: string): Template<unknown> | null {
  let t = parsedTemplates.get(template);
  if (t !== undefined) return t;
  const segments = splitPath(template);
  const kinds: number[] = [];
  for (let i = 0; i < segments.length; i++) {
    const k = kindOf(segments[i]!, i === segments.length - 1);
    if (k === null) {
      kinds.length = 0;
      break;
    }
    kinds.push(k);
  }
  t = kinds.length === segments.length ? { path: template, segments, kinds, byMethod: new Map() } : null;
  if (parsedTemplates.size >= 2000) parsedTemplates.clear();
  parsedTemplates.set(template, t);
  return t;
}

/**
 * Whether a concrete path is one of a template's paths (the event's `resource` vs its method ARN).
 * Walks the path's segments in place (as `matches` does on `splitPath(path)`, without its arrays:
 * this runs on every request).
 */
export function templateMatches(template: string, path: string): boolean {
  const t = parsedTemplate(template);
  if (t === null) return false;
  const { kinds, segments } = t;
  let i = 0;
  let pos = 0;
  const n = path.length;
  for (;;) {
    while (pos < n && path.charCodeAt(pos) === 47) pos++; // empty segments do not count, as in splitPath
    if (pos >= n) return i === kinds.length;
    // A segment of the path starts at pos.
    if (i >= kinds.length) return false;
    const k = kinds[i]!;
    if (k === GREEDY) return true;
    let end = path.indexOf("/", pos);
    if (end < 0) end = n;
    if (k === LITERAL) {
      const literal = segments[i]!;
      if (end - pos !== literal.length || !path.startsWith(literal, pos)) return false;
    }
    i++;
    pos = end;
  }
}

function matches(t: Template<unknown>, parts: string[]): boolean {
  const { kinds, segments } = t;
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds[i]!;
    if (k === GREEDY) return parts.length > i;
    if (i >= parts.length) return false;
    if (k === LITERAL && parts[i] !== segments[i]) return false;
  }
  return parts.length === kinds.length;
}
