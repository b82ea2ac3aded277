import { realClock, type Clock } from "../../protocol/clock";
import type { SetGatewayConfigurationRequest } from "../../protocol/discovery";
import type { CompiledConfiguration } from "../config/compile";
import type { Logger } from "../log";
import type { ApiGatewayPort } from "./api-gateway";
import { reconcileRestApi, type AttachReport, type AttachSettings } from "./attach";
import { describeRestApi, listRestApis, MAX_PAGE, type DiscoveredRestApi } from "./discover";
import { apiGroupsOf } from "./groups";
import { Throttle } from "./throttle";

/**
 * The scheduled sync: discover → push the API groups → fetch the configuration (a push may have
 * bound new groups automatically) → attach to connected REST APIs, detach from the others.
 *
 * It runs inside one invocation (the stack gives the function 10 s) while API Gateway allows
 * GetResources only 2.5 times a second: a large account cannot be read in one go. Discovery stops
 * when `discoveryShare` of the time is used; what was read is pushed and reconciled, and the next
 * run starts where this one stopped (`cursor`, kept for the container's life). A REST API is only
 * ever reconciled from a complete read of it.
 */
export interface SyncDeps {
  port: ApiGatewayPort;
  pushApiGroups: (body: SetGatewayConfigurationRequest) => Promise<unknown>;
  /** Fetches the configuration now; null when none is held (then nothing is attached or detached). */
  refreshConfiguration: () => Promise<CompiledConfiguration | null>;
  log: Logger;
  attach: AttachSettings;
  deadline: number;
  clock?: Clock;
  pageLimit?: number;
  discoveryShare?: number;
}

export interface SyncCursor {
  next: string | null;
}

export interface SyncReport {
  restApis: number;
  discovered: number;
  complete: boolean;
  groups: number;
  pushed: boolean;
  reconciled: AttachReport[];
  errors: string[];
}

export async function runSync(deps: SyncDeps, cursor: SyncCursor): Promise<SyncReport> {
  const clock = deps.clock ?? realClock;
  const started = clock.now();
  const throttle = new Throttle({ deadline: deps.deadline, clock });
  const report: SyncReport = { restApis: 0, discovered: 0, complete: false, groups: 0, pushed: false, reconciled: [], errors: [] };
  const fail = (what: string, err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    report.errors.push(`${what}: ${reason}`);
    deps.log.error(`sync: ${what} failed`, { reason });
  };

  let apis: { id: string; name: string }[];
  try {
    apis = await listRestApis(deps.port, throttle, deps.pageLimit ?? MAX_PAGE);
  } catch (err) {
    fail("listing REST APIs", err);
    return report;
  }
  report.restApis = apis.length;

  // Rotate so that a run cut short last time continues where it stopped.
  const start = Math.max(0, cursor.next ? apis.findIndex((a) => a.id >= cursor.next!) : 0);
  const ordered = [...apis.slice(start), ...apis.slice(0, start)];
  const discoveryEnd = started + (deps.deadline - started) * (deps.discoveryShare ?? 0.6);
  const discovered: DiscoveredRestApi[] = [];
  cursor.next = null;
  for (const [i, api] of ordered.entries()) {
    if (clock.now() >= discoveryEnd) {
      cursor.next = api.id;
      deps.log.warn("sync: discovery ran out of time; it continues on the next run", { discovered: i, rest_apis: apis.length, next: api.id });
      break;
    }
    try {
      discovered.push(await describeRestApi(deps.port, throttle, api, deps.pageLimit ?? MAX_PAGE));
    } catch (err) {
      fail(`reading REST API ${api.id}`, err);
    }
  }
  report.discovered = discovered.length;
  report.complete = cursor.next === null && report.errors.length === 0;

  const groups = apiGroupsOf(discovered);
  report.groups = groups.length;
  try {
    // `complete` (a Gatehouse extension of the push): the console may mark unreported groups gone.
    await deps.pushApiGroups({ api_groups: groups, complete: report.complete });
    report.pushed = true;
  } catch (err) {
    fail("pushing API groups", err);
  }

  const config = await deps.refreshConfiguration();
  if (!config) {
    deps.log.warn("sync: no gateway configuration; no authorizer attached or detached");
    return report;
  }
  for (const api of discovered) {
    if (clock.now() >= deps.deadline) {
      deps.log.warn("sync: out of time before reconciling every REST API", { rest_api_id: api.id });
      break;
    }
    try {
      report.reconciled.push(await reconcileRestApi(deps.port, throttle, api, config.connectedRestApis.has(api.id), deps.attach, deps.log));
    } catch (err) {
      fail(`attaching to REST API ${api.id}`, err);
    }
  }
  return report;
}
