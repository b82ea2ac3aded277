import { describe, expect, it } from "vitest";
import type { StackView } from "../stack/types";
import { authorizerSteps } from "./quickstart-steps";

const stack = (status: string, phase: StackView["phase"], canUpdate: boolean) => ({ status, phase, can_update: canUpdate }) as StackView;
const AT = "2026-01-01T00:00:00.000Z";

describe("authorizerSteps", () => {
  it("a stack deleted in AWS undoes deploy and connect, however recent the last contact", () => {
    expect(authorizerSteps(stack("DELETE_COMPLETE", "deleted", false), AT)).toEqual({ deploy: "waiting", connects: "waiting", stackGone: true });
  });

  it("a running stack is deployed; connected once the authorizer made contact", () => {
    expect(authorizerSteps(stack("CREATE_COMPLETE", "complete", true), null)).toEqual({ deploy: "done", connects: "waiting", stackGone: false });
    expect(authorizerSteps(stack("UPDATE_IN_PROGRESS", "in_progress", false), AT)).toMatchObject({ deploy: "done", connects: "done" });
  });

  it("a stack being created or rolled back is not deployed", () => {
    expect(authorizerSteps(stack("CREATE_IN_PROGRESS", "in_progress", false), AT)).toMatchObject({ deploy: "waiting", connects: "waiting" });
    expect(authorizerSteps(stack("ROLLBACK_COMPLETE", "failed", false), AT)).toMatchObject({ deploy: "waiting", connects: "waiting" });
  });

  it("without a console stack (deployed elsewhere) the authorizer's contact decides", () => {
    expect(authorizerSteps(null, AT)).toEqual({ deploy: "done", connects: "done", stackGone: false });
    expect(authorizerSteps(null, null)).toMatchObject({ deploy: "waiting", connects: "waiting" });
  });
});
