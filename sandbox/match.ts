/**
 * Matching a request path to API Gateway resource templates the way API Gateway does:
 * literal segments win over `{param}`, which wins over a greedy `{proxy+}`.
 */
export interface ResourceTemplate {
  id: string;
  path: string; // e.g. "/pets/{petId}", "/{proxy+}", "/"
}

export interface PathMatch<T extends ResourceTemplate> {
  resource: T;
  pathParameters: Record<string, string> | null;
}

function segments(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

function specificity(template: string): number[] {
  // Higher is more specific, compared segment by segment: literal 2, {param} 1, {greedy+} 0.
  return segments(template).map((s) => (/^\{.+\+\}$/.test(s) ? 0 : /^\{.+\}$/.test(s) ? 1 : 2));
}

function matchOne(template: string, path: string): Record<string, string> | null {
  const t = segments(template);
  const p = segments(path);
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i]!;
    const greedy = /^\{(.+)\+\}$/.exec(seg);
    if (greedy) {
      if (i !== t.length - 1 || p.length <= i) return null;
      params[greedy[1]!] = p.slice(i).map(decodeURIComponent).join("/");
      return params;
    }
    const value = p[i];
    if (value === undefined) return null;
    const param = /^\{(.+)\}$/.exec(seg);
    if (param) params[param[1]!] = decodeURIComponent(value);
    else if (seg !== value) return null;
  }
  return t.length === p.length ? params : null;
}

function compareSpecificity(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? -1) - (a[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export function matchResource<T extends ResourceTemplate>(resources: T[], path: string): PathMatch<T> | null {
  const candidates: { resource: T; params: Record<string, string> }[] = [];
  for (const resource of resources) {
    let params: Record<string, string> | null;
    try {
      params = matchOne(resource.path, path);
    } catch {
      params = null; // malformed percent-encoding: no match
    }
    if (params) candidates.push({ resource, params });
  }
  candidates.sort((a, b) => compareSpecificity(specificity(a.resource.path), specificity(b.resource.path)));
  const best = candidates[0];
  if (!best) return null;
  return { resource: best.resource, pathParameters: Object.keys(best.params).length > 0 ? best.params : null };
}
