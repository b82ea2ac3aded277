import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import type { AuditEventView } from "@/lib/audit/list";
import { getDb } from "@/lib/db/client";
import { call, userWithToken } from "@/test/api-client";
import * as auditRoute from "./audit/route";

type Page = { events: AuditEventView[]; next_cursor: string | null };

async function page(token: string, query: string): Promise<Page> {
  const res = await call(auditRoute.GET, { token, path: `/api/admin/default/audit${query}` });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Page;
}

describe("admin API: audit log", () => {
  it("pages newest first with a cursor and filters by target and actor; secrets never appear", async () => {
    const viewer = await userWithToken("viewer");
    const db = await getDb();
    for (let i = 0; i < 7; i++) {
      await recordAudit(db, { userId: null, username: i % 2 ? "authorizer:edge-gw" : "alice" }, {
        action: "gateway.update",
        targetType: i < 5 ? "gateway" : "service",
        targetId: `t-${i % 3}`,
        targetName: `Target ${i}`,
        before: { name: `n${i}`, client_secret: "very-secret-value" },
        after: { name: `n${i + 1}`, nested: { privateJwk: "k" } },
      });
    }
    const first = await page(viewer.token, "?limit=3");
    expect(first.events.map((e) => e.target_name)).toEqual(["Target 6", "Target 5", "Target 4"]);
    expect(first.next_cursor).not.toBeNull();
    const second = await page(viewer.token, `?limit=3&before=${first.next_cursor}`);
    expect(second.events.map((e) => e.target_name)).toEqual(["Target 3", "Target 2", "Target 1"]);
    const third = await page(viewer.token, `?limit=3&before=${second.next_cursor}`);
    // Older still: the viewer (created by the test setup) creating its own API token, both audited.
    expect(third.events.map((e) => e.target_name)).toEqual(["Target 0", `${viewer.username}-token`, viewer.username]);
    expect(third.events.slice(1).map((e) => e.actor_name)).toEqual([viewer.username, "test-setup"]);
    const rest = third.next_cursor ? (await page(viewer.token, `?limit=3&before=${third.next_cursor}`)).events : [];
    expect(rest).toEqual([]);

    expect(first.events[0]).toMatchObject({
      actor_name: "alice",
      action: "gateway.update",
      target_type: "service",
      target_id: "t-0",
      before: { name: "n6", client_secret: "[redacted]" },
      after: { name: "n7", nested: { privateJwk: "[redacted]" } },
    });
    expect(JSON.stringify([first, second, third])).not.toContain("very-secret-value");

    expect((await page(viewer.token, "?target_type=service")).events).toHaveLength(2);
    expect((await page(viewer.token, "?target_type=gateway&target_id=t-1")).events.map((e) => e.target_name)).toEqual(["Target 4", "Target 1"]);
    expect((await page(viewer.token, "?actor=AUTHORIZER")).events).toHaveLength(3);
    expect((await page(viewer.token, "?actor=%25")).events).toHaveLength(0);
  });

  it("refuses a malformed cursor or limit", async () => {
    const viewer = await userWithToken("viewer");
    for (const q of ["?before=abc", "?limit=0", "?limit=500"]) {
      expect((await call(auditRoute.GET, { token: viewer.token, path: `/api/admin/default/audit${q}` })).status, q).toBe(422);
    }
  });
});
