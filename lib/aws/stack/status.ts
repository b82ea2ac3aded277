/** CloudFormation stack statuses, sorted into what the console does with them. */
export type StackPhase = "in_progress" | "complete" | "failed" | "deleted";

const COMPLETE = new Set(["CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE"]);
const FAILED = new Set([
  "CREATE_FAILED",
  "ROLLBACK_COMPLETE",
  "ROLLBACK_FAILED",
  "DELETE_FAILED",
  "UPDATE_FAILED",
  "UPDATE_ROLLBACK_COMPLETE",
  "UPDATE_ROLLBACK_FAILED",
  "IMPORT_ROLLBACK_COMPLETE",
  "IMPORT_ROLLBACK_FAILED",
]);

export function stackPhase(status: string): StackPhase {
  if (status === "DELETE_COMPLETE") return "deleted";
  if (COMPLETE.has(status)) return "complete";
  if (FAILED.has(status)) return "failed";
  return "in_progress";
}

/** A stack that exists and can take an UpdateStack. */
export function updatable(status: string): boolean {
  return status === "CREATE_COMPLETE" || status === "UPDATE_COMPLETE" || status === "UPDATE_ROLLBACK_COMPLETE";
}

/** Resource statuses that mean "this resource is done" for the current operation. */
export function resourceDone(operation: "launch" | "update" | "delete", status: string): boolean {
  if (operation === "delete") return status === "DELETE_COMPLETE" || status === "DELETE_SKIPPED";
  return status === "CREATE_COMPLETE" || status === "UPDATE_COMPLETE" || status === "IMPORT_COMPLETE";
}
