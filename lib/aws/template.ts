import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The authorizer stack's template, `infra/authorizer.yaml`, as the console ships it: its text,
 * content hash, parameters and resources. The file is our own and keeps a plain layout (two-space
 * indentation, one key per line), which the small scanner below relies on; a unit test checks the
 * scanner against a full YAML parse.
 */
export interface TemplateParameter {
  name: string;
  noEcho: boolean;
  default: string | null;
}

export interface AuthorizerTemplate {
  body: string;
  sha256: string;
  parameters: TemplateParameter[];
  resources: string[];
}

export const TEMPLATE_PATH = path.join(/*turbopackIgnore: true*/ process.cwd(), "infra", "authorizer.yaml");

function section(lines: string[], name: string): string[] {
  const start = lines.findIndex((l) => l === `${name}:`);
  if (start < 0) return [];
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^\S/.test(l));
  return end < 0 ? rest : rest.slice(0, end);
}

function unquote(v: string): string {
  const t = v.trim();
  return (t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")) ? t.slice(1, -1) : t;
}

export function scanTemplate(body: string): Omit<AuthorizerTemplate, "body" | "sha256"> {
  const lines = body.split(/\r?\n/);
  const resources = section(lines, "Resources")
    .map((l) => /^ {2}([A-Za-z0-9]+):\s*$/.exec(l)?.[1])
    .filter((n): n is string => Boolean(n));
  const parameters: TemplateParameter[] = [];
  for (const line of section(lines, "Parameters")) {
    const name = /^ {2}([A-Za-z0-9]+):\s*$/.exec(line)?.[1];
    if (name) {
      parameters.push({ name, noEcho: false, default: null });
      continue;
    }
    const current = parameters.at(-1);
    const prop = /^ {4}(NoEcho|Default):\s*(.*)$/.exec(line);
    if (!current || !prop) continue;
    if (prop[1] === "NoEcho") current.noEcho = unquote(prop[2] ?? "") === "true";
    else current.default = unquote(prop[2] ?? "");
  }
  return { parameters, resources };
}

let cached: { mtimeMs: number; template: AuthorizerTemplate } | undefined;

export function authorizerTemplate(file = TEMPLATE_PATH): AuthorizerTemplate {
  const mtimeMs = statSync(file).mtimeMs;
  if (cached && cached.mtimeMs === mtimeMs && file === TEMPLATE_PATH) return cached.template;
  const body = readFileSync(file, "utf8");
  const template = { body, sha256: createHash("sha256").update(body).digest("hex"), ...scanTemplate(body) };
  if (file === TEMPLATE_PATH) cached = { mtimeMs, template };
  return template;
}
