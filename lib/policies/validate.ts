import { validatePolicy } from "@/policy";
import { unprocessable, type FieldIssue } from "../api/errors";

/** Engine issue paths as the API answers them: dotted, e.g. "validators.0.conf.fields.1.comparator". */
export function issuePath(path: unknown): string {
  const raw = Array.isArray(path) ? path.map((p) => String(p as string | number)).join(".") : typeof path === "string" ? path : "";
  const dotted = raw.replace(/\[(\d+)\]/g, ".$1").replace(/^\$?\.+/, "").replace(/^\$$/, "");
  return dotted || "policy";
}

export function engineIssues(issues: readonly { path: unknown; message: string }[]): FieldIssue[] {
  return issues.map((i) => ({ path: issuePath(i.path), message: i.message }));
}

/** The console refuses to save what the authorizer would refuse to enforce: 422 with the engine's issues. */
export function assertValidPolicy(definition: unknown): void {
  const error = validatePolicy(definition);
  if (error) throw unprocessable(`The policy is invalid: ${error.message}`, engineIssues(error.issues));
}
