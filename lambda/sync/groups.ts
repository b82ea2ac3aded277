import type { ApiGroupPush, MAX_API_GROUP_NAME } from "../../protocol/discovery";
import type { DiscoveredRestApi } from "./discover";

/**
 * The console's limit on names; typed by it (a type import), so the two cannot differ and the
 * bundle does not take in the console's validator.
 */
const MAX_NAME: typeof MAX_API_GROUP_NAME = 200;

/**
 * The push body of `POST …/gateways/configuration` (docs/protocol.md): one API group per
 * REST API and stage — id `{api_id}-{stage}`, name `{api_name} ({stage})` — listing every method
 * of every resource except OPTIONS (CORS preflight, never authorized); `ANY` stays `ANY`.
 * Deterministic order, so an unchanged account pushes identical bytes. The push's type and the
 * console's validator of it are protocol/discovery.ts.
 */
export function apiGroupsOf(apis: readonly DiscoveredRestApi[]): ApiGroupPush[] {
  const groups: ApiGroupPush[] = [];
  for (const api of apis) {
    const routes = api.resources
      .flatMap((r) => r.methods.filter((m) => m.httpMethod !== "OPTIONS").map((m) => ({ method: m.httpMethod, path: r.path, api_type: "rest" as const })))
      .sort((a, b) => (a.path === b.path ? (a.method < b.method ? -1 : a.method > b.method ? 1 : 0) : a.path < b.path ? -1 : 1));
    for (const stage of api.stages) {
      // The platform caps names at 200 characters; REST API names may be longer.
      const apiName = api.name.slice(0, Math.max(1, MAX_NAME - stage.length - 3));
      groups.push({
        id: `${api.id}-${stage}`,
        name: `${apiName} (${stage})`,
        metadata: { type: "aws", aws: { api_id: api.id, api_name: api.name.slice(0, MAX_NAME), stage } },
        apis: routes,
      });
    }
  }
  return groups;
}
