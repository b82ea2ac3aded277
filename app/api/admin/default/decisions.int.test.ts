import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { decisionEvents } from "@/lib/db/schema";
import type { ApiView } from "@/lib/enforcement/apis";
import { call, userWithToken } from "@/test/api-client";
import { seedGateway, seedService } from "@/test/enforcement-seed";
import * as apisRoute from "./apis/route";
import * as decisionsRoute from "./decisions/route";

const HOUR = 3600_000;
type Buckets = { buckets: { start: string; authorized: number; unauthorized: number }[] };

async function events(gatewayId: string, apiId: string, list: [agoMs: number, result: "AUTHORIZED" | "UNAUTHORIZED"][]) {
  const db = await getDb();
  const now = Date.now();
  await db.insert(decisionEvents).values(list.map(([ago, result]) => ({ gatewayId, apiId, result, at: new Date(now - ago), durationMs: 1.5 })));
  return now;
}

describe("admin API: decisions", () => {
  it("counts each API's authorized/unauthorized decisions of the last 24 hours", async () => {
    const admin = await userWithToken("viewer");
    const gw = await seedGateway();
    const svc = await seedService({ name: "Counted", gatewayId: gw.id, routes: [["GET", "/a"], ["GET", "/b"]] });
    const [a, b] = svc.apis;
    await events(gw.id, a!.id, [[60_000, "AUTHORIZED"], [2 * HOUR, "AUTHORIZED"], [23 * HOUR, "UNAUTHORIZED"], [25 * HOUR, "UNAUTHORIZED"], [48 * HOUR, "AUTHORIZED"]]);
    await events(gw.id, b!.id, [[5 * 60_000, "UNAUTHORIZED"]]);
    await events(gw.id, "not-an-api-of-ours", [[60_000, "AUTHORIZED"]]);
    const res = await call(apisRoute.GET, { token: admin.token, path: `/api/admin/default/apis?service_id=${svc.service.id}` });
    const byPath = Object.fromEntries((res.body as { apis: ApiView[] }).apis.map((x) => [x.path, x.decisions_24h]));
    expect(byPath).toEqual({ "/a": { authorized: 2, unauthorized: 1 }, "/b": { authorized: 0, unauthorized: 1 } });
  });

  it("answers epoch-aligned buckets over the window, zeros included, per gateway and per API", async () => {
    const viewer = await userWithToken("viewer");
    const gw = await seedGateway();
    const other = await seedGateway();
    const svc = await seedService({ name: "Charted", gatewayId: gw.id, routes: [["GET", "/c"], ["GET", "/d"]] });
    const [c, d] = svc.apis;
    const now = await events(gw.id, c!.id, [[10_000, "AUTHORIZED"], [20_000, "UNAUTHORIZED"], [2 * HOUR + 60_000, "AUTHORIZED"], [5 * HOUR, "AUTHORIZED"]]);
    await events(gw.id, d!.id, [[30_000, "AUTHORIZED"]]);
    await events(other.id, "elsewhere", [[30_000, "UNAUTHORIZED"]]);

    const res = await call(decisionsRoute.GET, { token: viewer.token, path: `/api/admin/default/decisions?hours=3&bucket=1h&gateway_id=${gw.id}` });
    expect(res.status).toBe(200);
    const { buckets } = res.body as Buckets;
    expect(buckets.length).toBeGreaterThanOrEqual(4);
    expect(buckets.length).toBeLessThanOrEqual(5);
    for (const bk of buckets) expect(new Date(bk.start).getTime() % HOUR).toBe(0);
    const at = (ms: number) => buckets.find((bk) => bk.start === new Date(Math.floor(ms / HOUR) * HOUR).toISOString());
    const recent = [now - 10_000, now - 20_000, now - 30_000].map((t) => Math.floor(t / HOUR));
    // The three recent events may straddle an hour boundary: sum over their buckets.
    const recentBuckets = [...new Set(recent)].map((h) => at(h * HOUR)!);
    expect(recentBuckets.reduce((n, bk) => n + bk.authorized, 0)).toBe(2);
    expect(recentBuckets.reduce((n, bk) => n + bk.unauthorized, 0)).toBe(1);
    expect(at(now - 2 * HOUR - 60_000)!.authorized).toBeGreaterThanOrEqual(1);
    const total = buckets.reduce((n, bk) => n + bk.authorized + bk.unauthorized, 0);
    expect(total).toBe(4); // the 5 h old event is outside the window; the other gateway's is filtered out

    const perApi = await call(decisionsRoute.GET, { token: viewer.token, path: `/api/admin/default/decisions?hours=24&bucket=6h&api_id=${d!.id}` });
    const apiBuckets = (perApi.body as Buckets).buckets;
    expect(apiBuckets.reduce((n, bk) => n + bk.authorized + bk.unauthorized, 0)).toBe(1);
    for (const bk of apiBuckets) expect(new Date(bk.start).getTime() % (6 * HOUR)).toBe(0);

    const all = await call(decisionsRoute.GET, { token: viewer.token, path: "/api/admin/default/decisions" });
    expect((all.body as Buckets).buckets.length).toBeGreaterThanOrEqual(24);
  });

  it("refuses unknown buckets, out-of-range hours and too many buckets", async () => {
    const viewer = await userWithToken("viewer");
    for (const q of ["bucket=2h", "hours=0", "hours=1000", "hours=720&bucket=5m", "gateway_id=x"]) {
      const res = await call(decisionsRoute.GET, { token: viewer.token, path: `/api/admin/default/decisions?${q}` });
      expect(res.status, q).toBe(422);
    }
  });
});
