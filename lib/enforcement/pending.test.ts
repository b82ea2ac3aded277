import { describe, expect, it } from "vitest";
import { isPendingRedeploy } from "./pending";

describe("isPendingRedeploy", () => {
  const t = (iso: string) => new Date(iso);
  it("an API whose assignment never changed is not pending", () => {
    expect(isPendingRedeploy({ policyChangedAt: null }, null)).toBe(false);
    expect(isPendingRedeploy({ policyChangedAt: null }, t("2024-01-01T00:00:00Z"))).toBe(false);
  });
  it("a change with no deployment on record is pending", () => {
    expect(isPendingRedeploy({ policyChangedAt: t("2024-01-01T00:00:00Z") }, null)).toBe(true);
  });
  it("a change after the stage's last deployment is pending; one before it is live", () => {
    expect(isPendingRedeploy({ policyChangedAt: t("2024-01-02T00:00:00Z") }, t("2024-01-01T00:00:00Z"))).toBe(true);
    expect(isPendingRedeploy({ policyChangedAt: t("2024-01-01T00:00:00Z") }, t("2024-01-02T00:00:00Z"))).toBe(false);
    expect(isPendingRedeploy({ policyChangedAt: t("2024-01-01T00:00:00Z") }, t("2024-01-01T00:00:00Z"))).toBe(false);
  });
});
