/**
 * Evaluates an authorizer's IAM policy for `execute-api:Invoke` on a method ARN, as API Gateway
 * does: an explicit Deny wins, otherwise an Allow must match, otherwise it is denied.
 */
export interface PolicyStatement {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
}

function asList(v: unknown): string[] | null {
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v;
  return null;
}

/** IAM wildcard match: `*` any run of characters, `?` one character; case-sensitive. */
export function wildcardMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === value[v])) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = v;
    } else if (star !== -1) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

function actionMatches(action: unknown): boolean {
  const actions = asList(action);
  return !!actions && actions.some((a) => wildcardMatch(a.toLowerCase(), "execute-api:invoke"));
}

export type PolicyVerdict = "allow" | "deny" | "malformed";

export function evaluateInvokePolicy(policyDocument: unknown, methodArn: string): PolicyVerdict {
  if (!policyDocument || typeof policyDocument !== "object") return "malformed";
  const statements = (policyDocument as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements && typeof statements === "object" ? [statements] : null;
  if (!list) return "malformed";
  let allowed = false;
  for (const s of list as PolicyStatement[]) {
    if (!s || typeof s !== "object") return "malformed";
    const resources = asList(s.Resource);
    if (!resources || (s.Effect !== "Allow" && s.Effect !== "Deny")) return "malformed";
    if (!actionMatches(s.Action)) continue;
    if (!resources.some((r) => wildcardMatch(r, methodArn))) continue;
    if (s.Effect === "Deny") return "deny";
    allowed = true;
  }
  return allowed ? "allow" : "deny";
}
