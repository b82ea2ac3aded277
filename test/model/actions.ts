import fc from "fast-check";
import type { GatewaySlot, World } from "./world";

/**
 * The user and AWS actions of the enforcement model, as plain data (so fast-check prints and
 * shrinks them). A gateway is named by `pick`, resolved against the gateways for which the
 * action makes sense at that moment (pick modulo their count); an action that makes no sense
 * then (nothing to pick) is skipped and not counted as a step — so shrinking, which removes
 * actions, never produces an impossible sequence.
 */
export type Action =
  | { kind: "create_gateway"; pick: number }
  | { kind: "delete_stack"; pick: number }
  | { kind: "connect"; pick: number; newService: boolean }
  | { kind: "disconnect"; pick: number }
  | { kind: "assign_block"; pick: number; route: number }
  | { kind: "assign_custom"; pick: number; route: number }
  | { kind: "clear_policy"; pick: number; route: number }
  | { kind: "redeploy"; pick: number; everyGateway: boolean }
  | { kind: "redeploy_all"; pick: number; everyGateway: boolean }
  | { kind: "scheduled_sync"; pick: number; overlap: boolean }
  | { kind: "outside_deployment" }
  | { kind: "policy_edit" };

export type ActionKind = Action["kind"];
export const ACTION_KINDS: ActionKind[] = [
  "create_gateway",
  "delete_stack",
  "connect",
  "disconnect",
  "assign_block",
  "clear_policy",
  "assign_custom",
  "redeploy",
  "redeploy_all",
  "scheduled_sync",
  "outside_deployment",
  "policy_edit",
];

const pick = fc.nat({ max: 5 });
const route = fc.nat({ max: 1 });

/** Weights: actions that often have nothing to act on are drawn more often. */
export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("create_gateway" as const), pick }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("delete_stack" as const), pick }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("connect" as const), pick, newService: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("disconnect" as const), pick }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("assign_block" as const), pick, route }) },
  { weight: 14, arbitrary: fc.record({ kind: fc.constant("clear_policy" as const), pick, route }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("assign_custom" as const), pick, route }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("redeploy" as const), pick, everyGateway: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("redeploy_all" as const), pick, everyGateway: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("scheduled_sync" as const), pick, overlap: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("outside_deployment" as const) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("policy_edit" as const) }) },
);

function choose<T>(items: T[], n: number): T | null {
  return items.length === 0 ? null : items[n % items.length]!;
}

/** Whether route `r` of gateway `g`'s service currently has a policy (for Clear). */
async function hasPolicy(world: World, g: GatewaySlot, r: number): Promise<boolean> {
  return ((await world.serviceApi(g, r))?.policyId ?? null) !== null;
}

/**
 * What an action falls back to when it has nothing to act on: its prerequisite (connect needs a
 * gateway, Clear needs a policy, …), so that sequences stay dense instead of skipping. The
 * fallback depends only on the world's state, so a sequence replays (and shrinks) the same way.
 */
const FALLBACK: Record<ActionKind, ActionKind[]> = {
  create_gateway: ["scheduled_sync"],
  delete_stack: ["create_gateway"],
  connect: ["create_gateway", "disconnect"],
  disconnect: ["connect", "create_gateway"],
  assign_block: ["connect", "create_gateway"],
  assign_custom: ["connect", "create_gateway"],
  clear_policy: ["assign_block", "connect", "create_gateway"],
  redeploy: ["create_gateway"],
  redeploy_all: ["create_gateway"],
  scheduled_sync: ["create_gateway"],
  outside_deployment: [],
  policy_edit: [],
};

function withKind(a: Action, kind: ActionKind): Action {
  const p = "pick" in a ? a.pick : 0;
  const r = "route" in a ? a.route : 0;
  switch (kind) {
    case "connect":
      return { kind, pick: p, newService: false };
    case "assign_block":
    case "assign_custom":
    case "clear_policy":
      return { kind, pick: p, route: r };
    case "redeploy":
    case "redeploy_all":
      return { kind, pick: p, everyGateway: false };
    case "scheduled_sync":
      return { kind, pick: p, overlap: false };
    case "outside_deployment":
    case "policy_edit":
      return { kind };
    default:
      return { kind, pick: p };
  }
}

/**
 * Runs one action (or, when it has nothing to act on, its first applicable fallback) against
 * the world; answers the kind that ran, or null when nothing could. An action that fails with an
 * error fails the sequence (the error is a finding too).
 */
export async function runAction(world: World, a: Action): Promise<ActionKind | null> {
  for (const candidate of [a, ...FALLBACK[a.kind].map((k) => withKind(a, k))]) {
    if (await tryAction(world, candidate)) return candidate.kind;
  }
  return null;
}

/** Runs `act` on what `pick` chooses among `candidates`; false when there are none. */
async function onChosen<T>(candidates: T[], pick: number, act: (chosen: T) => Promise<unknown>): Promise<boolean> {
  const chosen = choose(candidates, pick);
  if (chosen === null) return false;
  await act(chosen);
  return true;
}

async function tryAction(world: World, a: Action): Promise<boolean> {
  const gws = world.live();
  switch (a.kind) {
    case "create_gateway":
      return onChosen(
        [0, 1].filter((s) => world.gateways[s] === null || !world.gateways[s]!.stackAlive),
        a.pick,
        (slot) => world.createGateway(slot),
      );
    case "delete_stack":
      return onChosen(gws.filter((x) => x.stackAlive), a.pick, (g) => world.deleteStack(g));
    case "connect": {
      const { newService } = a;
      return onChosen(gws.filter((x) => x.discovered && !x.connected), a.pick, (g) => world.connect(g, newService));
    }
    case "disconnect":
      return onChosen(gws.filter((x) => x.connected), a.pick, (g) => world.disconnect(g));
    case "assign_block":
    case "assign_custom": {
      const { route } = a;
      const policy = a.kind === "assign_block" ? "block" : "custom";
      return onChosen(gws.filter((x) => x.serviceId !== null), a.pick, (g) => world.assign(g, route, policy));
    }
    case "clear_policy": {
      // Any API that has a policy: `route` first, then the other one.
      const withPolicy: [GatewaySlot, number][] = [];
      for (const r of [a.route, 1 - a.route]) for (const x of gws) if (x.serviceId !== null && (await hasPolicy(world, x, r))) withPolicy.push([x, r]);
      return onChosen(withPolicy, a.pick, ([g, r]) => world.assign(g, r, null));
    }
    case "redeploy":
    case "redeploy_all": {
      if (gws.length === 0) return false;
      const g = a.everyGateway ? null : choose(gws, a.pick);
      await world.redeploy(g?.id, a.kind === "redeploy_all");
      return true;
    }
    case "scheduled_sync": {
      const { overlap } = a;
      return onChosen(gws.filter((x) => x.stackAlive), a.pick, (g) => world.scheduledSync(g, overlap));
    }
    case "outside_deployment":
      await world.externalDeploy();
      return true;
    case "policy_edit":
      await world.editPolicy();
      return true;
  }
}

const CREATE: Action = { kind: "create_gateway", pick: 0 };
const CONNECT: Action = { kind: "connect", pick: 0, newService: true };
/**
 * How a sequence starts: one or two gateways, possibly already connected — the states where the
 * console can be wrong (two gateways on one stage, one attached and deployed, the other connected
 * too) need several actions, so every sequence starts from one of them (shrinking may pick a
 * shorter one).
 */
const REDEPLOY: Action = { kind: "redeploy", pick: 0, everyGateway: true };
const PREFIXES: Action[][] = [
  [CREATE],
  [CREATE, CREATE],
  [CREATE, CONNECT, CREATE],
  [CREATE, CREATE, CONNECT, CONNECT],
  [CREATE, CREATE, CONNECT, REDEPLOY],
];

/** A sequence of `min`..`max` actions: one of PREFIXES, then random actions (fast-check shrinks both). */
export function sequenceArb(min: number, max: number): fc.Arbitrary<Action[]> {
  return fc.nat({ max: PREFIXES.length - 1 }).chain((p) => {
    const prefix = PREFIXES[p]!;
    return fc
      .array(actionArb, { minLength: Math.max(0, min - prefix.length), maxLength: max - prefix.length, size: "max" })
      .map((rest) => [...prefix, ...rest]);
  });
}
