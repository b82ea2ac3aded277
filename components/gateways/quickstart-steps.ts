import type { StackView } from "../stack/types";

export type StepState = "done" | "waiting" | "later";

/**
 * Steps 2 and 3 of the Quickstart from the real state: the stack as AWS reports it (the stack API
 * re-reads it) and the authorizer's last contact. A stack deleted in AWS undoes both — the
 * authorizer that contacted the console earlier no longer runs. Without a stack launched by the
 * console (deployed with the quick-create link or elsewhere), the authorizer's contact is the
 * only evidence.
 */
export interface AuthorizerSteps {
  deploy: StepState;
  connects: StepState;
  /** The console's stack no longer exists in AWS. */
  stackGone: boolean;
}

/** A stack whose resources exist: settled, or being updated (the previous configuration still runs). */
function stackRuns(stack: StackView): boolean {
  return stack.can_update || stack.status.startsWith("UPDATE_");
}

export function authorizerSteps(stack: StackView | null | undefined, lastActive: string | null): AuthorizerSteps {
  const contacted = lastActive !== null;
  // undefined: the stack is still loading; go by the contact rather than flash "waiting".
  if (stack === undefined || stack === null) {
    return { deploy: contacted ? "done" : "waiting", connects: contacted ? "done" : "waiting", stackGone: false };
  }
  if (stack.phase === "deleted") return { deploy: "waiting", connects: "waiting", stackGone: true };
  const runs = stackRuns(stack);
  return { deploy: runs ? "done" : "waiting", connects: runs && contacted ? "done" : "waiting", stackGone: false };
}
