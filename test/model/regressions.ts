import type { Action } from "./actions";

/**
 * Sequences the model found (or that were built from what it found), run first on every run as
 * fast-check examples: each once was a mismatch or a product bug. `expect` says what the sequence
 * showed when it was added; a fixed one keeps guarding against the regression.
 */
export interface Regression {
  name: string;
  expect: string;
  actions: Action[];
}

const create: Action = { kind: "create_gateway", pick: 0 };

export const REGRESSIONS: Regression[] = [
  {
    name: "two gateways on one stage: Block API on the gateway whose authorizer does not serve the method",
    expect: "fixed in lib/enforcement/status.ts (open_at_gateway); was (b) not_attached→200",
    actions: [
      create,
      create,
      { kind: "connect", pick: 0, newService: true }, // gateway 0 attaches
      { kind: "redeploy", pick: 0, everyGateway: false }, // and deploys
      { kind: "connect", pick: 0, newService: true }, // gateway 1: the methods are gateway 0's
      { kind: "assign_block", pick: 1, route: 0 }, // Block API on gateway 1
    ],
  },
  {
    name: "the stage still serves another gateway's deployment while this gateway's authorizer is attached now",
    expect: "(b) live_at_next_reload→200 at step 8 (this gateway's authorizer never sees a request, so it never fetches)",
    actions: [
      create,
      create,
      { kind: "connect", pick: 1, newService: true }, // gateway 1 attaches
      { kind: "redeploy", pick: 0, everyGateway: true }, // deployed with gateway 1's authorizer
      { kind: "disconnect", pick: 0 }, // gateway 1's sync detaches (not deployed)
      { kind: "connect", pick: 0, newService: true }, // gateway 0 attaches its own
      { kind: "assign_block", pick: 0, route: 0 }, // Block API on gateway 0
      { kind: "connect", pick: 0, newService: false }, // gateway 1 back, with its unrestricted service
    ],
  },
  {
    name: "same, once this gateway's authorizer has fetched Block API (a scheduled run overlapping the reconnect)",
    expect: "(a) enforced→200: shown Enforced with Block API, the gateway answers 200 (plain redeploy: nothing to do)",
    actions: [
      create,
      create,
      { kind: "connect", pick: 1, newService: true },
      { kind: "redeploy", pick: 0, everyGateway: true },
      { kind: "disconnect", pick: 0 },
      { kind: "connect", pick: 0, newService: true },
      { kind: "assign_block", pick: 0, route: 0 },
      { kind: "scheduled_sync", pick: 0, overlap: true }, // gateway 0's authorizer fetches Block API…
      { kind: "connect", pick: 0, newService: false }, // …while gateway 1 comes back
      { kind: "redeploy", pick: 0, everyGateway: false },
    ],
  },
  {
    name: "a stack deleted outside the console while Block API is on a method the stage deploys without an authorizer",
    expect:
      "(b) unknown→200 at step 7: once the console found the stack deleted it stopped reading the stage (\"function not known\"); fixed in lib/enforcement/aws/refresh.ts and status.ts (open_at_gateway)",
    actions: [
      create,
      { kind: "assign_block", pick: 0, route: 0 }, // falls back to connect (attached, not deployed)
      { kind: "assign_block", pick: 0, route: 0 }, // Block API on GET /pets: open at the gateway
      { kind: "disconnect", pick: 0 },
      { kind: "delete_stack", pick: 0 }, // outside the console
      { kind: "assign_custom", pick: 2, route: 1 },
      { kind: "disconnect", pick: 0 }, // falls back to connect: the stage is read again, the stack found deleted
      { kind: "disconnect", pick: 1 },
    ],
  },
];
