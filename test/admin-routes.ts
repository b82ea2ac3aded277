import { readdirSync } from "node:fs";
import path from "node:path";
import type { RouteHandler } from "@/lib/api/route";

/** The admin API's route files as Next serves them: folder path → URL path, exported methods → handlers. */

const ROOT = path.join(import.meta.dirname, "..");
const ADMIN_DIR = path.join(ROOT, "app", "api", "admin");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export interface AdminRoute {
  file: string;
  /** OpenAPI form: `/api/admin/default/gateways/{gw}`. */
  path: string;
  handlers: Partial<Record<(typeof HTTP_METHODS)[number], RouteHandler>>;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(e.name) ? [full] : [];
  });
}

/** `app/api/admin/default/gateways/[gw]/route.ts` → `/api/admin/default/gateways/{gw}`. */
export function urlPathOf(file: string): string {
  const rel = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  return "/" + rel.map((seg) => seg.replace(/^\[(.+)\]$/, "{$1}")).join("/");
}

let loaded: Promise<AdminRoute[]> | undefined;

export function adminRoutes(): Promise<AdminRoute[]> {
  loaded ??= Promise.all(
    routeFiles(ADMIN_DIR).map(async (file) => {
      const mod = (await import(file)) as Record<string, unknown>;
      const handlers: AdminRoute["handlers"] = {};
      for (const m of HTTP_METHODS) if (typeof mod[m] === "function") handlers[m] = mod[m] as RouteHandler;
      return { file, path: urlPathOf(file), handlers };
    }),
  );
  return loaded;
}

/** Which admin operation a handler is (the integration tests call handlers, not URLs). */
export async function adminOperationOf(handler: RouteHandler): Promise<{ path: string; method: string } | undefined> {
  for (const route of await adminRoutes()) {
    for (const [method, h] of Object.entries(route.handlers)) if (h === handler) return { path: route.path, method: method.toLowerCase() };
  }
  return undefined;
}
