import { compilePolicy, type CompiledPolicy } from "../../policy";
import { BoundedMap } from "../../protocol/bounded-map";

/**
 * A policy of the configuration, compiled on first use. Compiling every policy when a
 * configuration arrives cost ~10 ms for 50 policies in a cold process (the JIT has not warmed
 * up yet) — a fifth of the cold-start budget — while the first request needs one. Compiled
 * policies are also shared across configurations by their definition, so a reload that changes
 * one assignment does not recompile anything.
 *
 * Failing closed is unchanged: a policy that does not compile, or that the configuration lacks,
 * resolves to a reason; its APIs are denied and the reason is reported (once per configuration).
 * A slot serves the APIs that enforce the policy and those that only shadow it (issue 16): one
 * compilation for both. A broken shadow denies nothing (decision/shadow.ts), so the report says
 * what the failure does for the roles the policy has in this configuration.
 */
export type PolicyResolution = { ok: true; policy: CompiledPolicy } | { ok: false; reason: string };

const MAX_SHARED = 500;
const shared = new BoundedMap<string, PolicyResolution>(MAX_SHARED);

function compileShared(definition: unknown): PolicyResolution {
  let key: string;
  try {
    key = JSON.stringify(definition);
  } catch {
    return { ok: false, reason: "the policy cannot be serialized" };
  }
  const hit = shared.get(key);
  if (hit) return hit;
  const compiled = compilePolicy(definition);
  let result: PolicyResolution;
  if (compiled.ok) {
    result = { ok: true, policy: compiled.policy };
  } else {
    const first = compiled.error.issues[0];
    result = { ok: false, reason: `${compiled.error.message}${first ? ` (${first.path}: ${first.message})` : ""}` };
  }
  shared.set(key, result);
  return result;
}

export class PolicySlot {
  private resolution: PolicyResolution | undefined;
  /** Set while the configuration is compiled: some API enforces / shadows this policy. */
  enforced = false;
  shadowed = false;

  constructor(
    readonly id: string,
    readonly name: string,
    /** `undefined`: an API references a policy the configuration does not contain. */
    private readonly definition: unknown,
    private readonly report: (problem: string) => void,
  ) {}

  resolve(): PolicyResolution {
    if (this.resolution) return this.resolution;
    this.resolution =
      this.definition === undefined ? { ok: false, reason: "the configuration does not contain this policy" } : compileShared(this.definition);
    if (!this.resolution.ok) this.report(`policy "${this.name}" (${this.id}) ${this.consequence()}: ${this.resolution.reason}`);
    return this.resolution;
  }

  private consequence(): string {
    if (!this.shadowed) return "cannot be enforced; its APIs are denied";
    if (!this.enforced) return "is a broken shadow policy: it denies nothing and its APIs report it broken";
    return "cannot be enforced; the APIs enforcing it are denied, those shadowing it report it broken";
  }
}
