import type { ApiGatewayPort } from "./api-gateway";
import type { Throttle } from "./throttle";

/**
 * What the sync reads from API Gateway: REST APIs (all pages), each one's stages and its
 * resources with their methods (`embed=methods`, all pages). Methods belong to the REST API, not
 * to a stage (a stage serves a deployment snapshot of them), so every stage's group lists the
 * same methods — the ones the next deployment will publish.
 */
export interface DiscoveredMethod {
  httpMethod: string;
  authorizationType: string;
  authorizerId: string | null;
}

export interface DiscoveredResource {
  id: string;
  path: string;
  methods: DiscoveredMethod[];
}

export interface DiscoveredRestApi {
  id: string;
  name: string;
  stages: string[];
  resources: DiscoveredResource[];
}

export const MAX_PAGE = 500;
/** A guard against a `position` that never ends (600 APIs / 300 resources are the AWS limits). */
const MAX_PAGES = 200;

async function allPages<T>(fetch: (position?: string) => Promise<{ items: T[]; position?: string }>): Promise<T[]> {
  const out: T[] = [];
  let position: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await fetch(position);
    out.push(...r.items);
    if (!r.position || r.position === position) return out;
    position = r.position;
  }
  return out;
}

export async function listRestApis(port: ApiGatewayPort, throttle: Throttle, limit = MAX_PAGE): Promise<{ id: string; name: string }[]> {
  const items = await allPages((position) => throttle.call("general", "GetRestApis", () => port.getRestApis(limit, position)));
  return items
    .filter((a): a is typeof a & { id: string } => typeof a.id === "string" && a.id !== "")
    .map((a) => ({ id: a.id, name: a.name ?? a.id }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function describeRestApi(
  port: ApiGatewayPort,
  throttle: Throttle,
  api: { id: string; name: string },
  limit = MAX_PAGE,
): Promise<DiscoveredRestApi> {
  const stages = await throttle.call("general", `GetStages ${api.id}`, () => port.getStageNames(api.id));
  const items = await allPages((position) => throttle.call("resources", `GetResources ${api.id}`, () => port.getResources(api.id, limit, position)));
  const resources: DiscoveredResource[] = [];
  for (const r of items) {
    if (typeof r.id !== "string" || typeof r.path !== "string") continue;
    const methods: DiscoveredMethod[] = Object.entries(r.resourceMethods ?? {}).map(([verb, m]) => ({
      httpMethod: (m.httpMethod ?? verb).toUpperCase(),
      authorizationType: m.authorizationType ?? "NONE",
      authorizerId: m.authorizerId ?? null,
    }));
    resources.push({ id: r.id, path: r.path, methods });
  }
  resources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { id: api.id, name: api.name, stages: [...new Set(stages)].sort(), resources };
}
