import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ACTION_KINDS, runAction, sequenceArb, type Action, type ActionKind } from "./actions";
import { startInfra, type Infra } from "./infra";
import { REGRESSIONS } from "./regressions";
import { World, type Mismatch } from "./world";

/**
 * The enforcement model: random sequences of user and AWS actions — create a gateway and launch
 * its stack, delete a stack outside the console, connect/disconnect the PetStore group, assign
 * or clear Block API (and a custom policy), plain and all-stages redeploys, an authorizer's
 * scheduled sync (also overlapping the next action), a deployment made outside the console,
 * policy edits — against the real pieces: moto, the sandbox running the authorizer's real zip,
 * the console's lib/ on this file's database and its system routes over HTTP.
 *
 * After every step the world settles (every stack and connected stage read from AWS; transitional
 * statuses given a bounded time), then every API gets one anonymous GET through the sandbox:
 *   (a) an API shown `enforced` with Block API never answers 200;
 *   (b) an API with Block API that answers 200 is shown `open_at_gateway`.
 * A mismatch fails the test with fast-check's shrunk sequence. The sequences the model found
 * (test/model/regressions.ts) run first, in a test of their own, so the random runs always run.
 *
 * GATEHOUSE_MODEL_RUNS raises the number of sequences (default 100, up to 10 steps each);
 * GATEHOUSE_MODEL_SEED replays a seed; GATEHOUSE_MODEL_EXAMPLE='[[…]]' replays a counterexample;
 * GATEHOUSE_MODEL_TRACE=1 prints every sequence with what each API showed and answered;
 * GATEHOUSE_MODEL_KEEP_GOING=1 counts mismatches without failing (a survey of every kind of
 * mismatch instead of the first one, shrunk).
 */
const CI_RUNS = 100;
const RUNS = Math.max(1, Number(process.env.GATEHOUSE_MODEL_RUNS ?? CI_RUNS));
const SEED = process.env.GATEHOUSE_MODEL_SEED ? Number(process.env.GATEHOUSE_MODEL_SEED) : undefined;
const KEEP_GOING = process.env.GATEHOUSE_MODEL_KEEP_GOING === "1";
/** A sequence to run first (a JSON array of actions, or fast-check's `Counterexample: [[…]]` as printed). */
const EXAMPLE = ((): Action[] | null => {
  if (!process.env.GATEHOUSE_MODEL_EXAMPLE) return null;
  const parsed = JSON.parse(process.env.GATEHOUSE_MODEL_EXAMPLE) as Action[] | [Action[]];
  return Array.isArray(parsed[0]) ? parsed[0] : (parsed as Action[]);
})();
const TRACE = process.env.GATEHOUSE_MODEL_TRACE === "1";
const MAX_STEPS = 10;

let infra: Infra;
const stats = {
  sequences: 0,
  shrinkRuns: 0,
  steps: 0,
  mismatches: 0,
  actions: Object.fromEntries(ACTION_KINDS.map((k) => [k, 0])) as Record<ActionKind, number>,
  /** enforcement code → anonymous answers seen, for APIs with Block API (what the invariants cover). */
  blocked: new Map<string, number>(),
  /** The same for every API, by its policy (informational). */
  all: new Map<string, number>(),
  kinds: new Map<string, { count: number; example: string }>(),
};
let failing = false;
/** The console's own error log (e.g. "sync now … failed" once a stack was deleted outside it): kept, summarised at the end. */
const consoleErrors = new Map<string, number>();

beforeAll(async () => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    const line = args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ").replace(/[0-9a-f]{8}-[0-9a-f-]{27}|function:[\w-]+|:\d{4,5}\b/g, "…");
    consoleErrors.set(line, (consoleErrors.get(line) ?? 0) + 1);
  });
  infra = await startInfra();
}, 180_000);

afterAll(async () => {
  const actions = ACTION_KINDS.map((k) => `${k}=${stats.actions[k]}`).join(" ");
  console.log(`model: ${stats.sequences} sequences, ${stats.steps} steps, ${stats.mismatches} mismatches, actions: ${actions}`);
  const blocked = [...stats.blocked.entries()].sort().map(([k, n]) => `${k}=${n}`).join(" ");
  console.log(`model: Block API observations (status→answer): ${blocked}${stats.shrinkRuns ? `; ${stats.shrinkRuns} of the sequences were shrink runs` : ""}`);
  console.log(`model: every API (policy:status→answer): ${[...stats.all.entries()].sort().map(([k, n]) => `${k}=${n}`).join(" ")}`);
  for (const [line, n] of consoleErrors) console.log(`model: console error ×${n}: ${line.slice(0, 300)}`);
  for (const [kind, { count, example }] of stats.kinds) console.log(`model: mismatch ×${count} ${kind}\n${example}`);
  await infra?.stop();
}, 60_000);

function report(world: World, found: Mismatch[], picture: string): string {
  return [
    `${found.length} mismatch(es) after step ${world.step}:`,
    ...found.map((m) => `  (${m.invariant}) gateway ${m.gateway} ${m.api} [${m.policy}]: ${m.reason} — console says: ${m.detail}`),
    `  world: ${picture}`,
    "  steps:",
    ...world.trace.map((t) => `    ${t}`),
  ].join("\n");
}

/** Settle, then check every API; throws on a mismatch (unless KEEP_GOING). */
async function settleAndCheck(world: World): Promise<void> {
  const views = await world.settle();
  const found = await world.check(views);
  for (const o of world.observations.splice(0)) {
    const key = `${o.code}→${o.answer}`;
    const all = `${o.policy ?? "none"}:${key}`;
    stats.all.set(all, (stats.all.get(all) ?? 0) + 1);
    if (o.policy === "Block API") stats.blocked.set(key, (stats.blocked.get(key) ?? 0) + 1);
  }
  if (found.length === 0) return;
  stats.mismatches += found.length;
  const text = report(world, found, await world.describe());
  for (const m of found) {
    const kind = `(${m.invariant}) ${m.code}→${m.answer}`;
    const k = stats.kinds.get(kind) ?? { count: 0, example: text };
    k.count += 1;
    stats.kinds.set(kind, k);
  }
  if (!KEEP_GOING) throw new Error(text);
}

async function runSequence(actions: Action[]): Promise<void> {
  if (failing) stats.shrinkRuns += 1;
  stats.sequences += 1;
  const world = new World(infra, stats.sequences);
  await world.setUp();
  try {
    for (const action of actions) {
      world.step += 1;
      const overlapping = world.pending.length;
      let applied: ActionKind | null;
      try {
        applied = await runAction(world, action);
      } catch (err) {
        world.log(`${action.kind} failed: ${(err as Error).message}`);
        throw new Error(`step ${world.step} (${action.kind}) failed: ${(err as Error).stack ?? String(err)}\n  steps:\n${world.trace.map((t) => `    ${t}`).join("\n")}`);
      }
      if (!applied) {
        world.step -= 1;
        continue;
      }
      stats.steps += 1;
      stats.actions[applied] += 1;
      // A sync started "at a random moment" keeps running into the next action; that step settles it.
      if (world.pending.length > overlapping) continue;
      await settleAndCheck(world);
    }
    if (world.pending.length > 0) await settleAndCheck(world);
  } finally {
    if (TRACE) console.log(`sequence ${stats.sequences}:\n${world.trace.map((t) => `  ${t}`).join("\n")}\n  ${world.observationLog.join("\n  ")}`);
    await world.tearDown();
  }
}

describe("enforcement model: what the console shows vs what the gateway does", () => {
  it(
    `the known sequences (test/model/regressions.ts) keep invariants (a) and (b)`,
    { timeout: 10 * 60_000 },
    async () => {
      const failures: string[] = [];
      for (const r of REGRESSIONS) {
        try {
          await runSequence(r.actions);
        } catch (err) {
          failures.push(`${r.name} [when added: ${r.expect}]\n${(err as Error).message}`);
        }
      }
      expect(failures.join("\n\n")).toBe("");
    },
  );

  it(
    `${RUNS} random sequences of up to ${MAX_STEPS} user and AWS actions keep invariants (a) and (b)`,
    // ~1–1.5 s a sequence on 2 cores; shrinking a failure adds a few minutes (bounded below).
    { timeout: 25 * 60_000 + RUNS * 15_000 },
    async () => {
      const before = { mismatches: stats.mismatches, actions: { ...stats.actions } };
      await fc.assert(
        fc.asyncProperty(sequenceArb(6, MAX_STEPS), async (actions) => {
          try {
            await runSequence(actions);
          } catch (err) {
            failing = true; // from now on fast-check is shrinking
            throw err;
          }
        }),
        {
          numRuns: RUNS,
          seed: SEED,
          verbose: 1,
          examples: EXAMPLE ? [[EXAMPLE]] : [],
          interruptAfterTimeLimit: 20 * 60_000 + RUNS * 5_000,
        },
      );
      expect(stats.mismatches - before.mismatches).toBe(0);
      // Every action was exercised (CI size: at least 20 times each).
      if (RUNS >= CI_RUNS) for (const k of ACTION_KINDS) expect(stats.actions[k] - before.actions[k], k).toBeGreaterThanOrEqual(20);
    },
  );
});
