import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { putStackRecord } from "@/lib/aws/stack/record";
import { getDb } from "@/lib/db/client";
import { authorizerStacks, gateways, stageEnforcement } from "@/lib/db/schema";
import { listApis } from "@/lib/enforcement/apis";
import { call } from "@/test/api-client";
import { accessToken, adminWithGateways, AUTO_BIND, group, systemCall, type CreatedGateway } from "@/test/gateways";
import * as configurationRoute from "@/app/api/system/default/gateways/configuration/route";
import * as apiRoute from "./apis/[api]/route";
import * as policiesRoute from "./policies/route";

/**
 * When a fetched assignment counts as live: one reload interval after the fetch, the interval the
 * authorizer really runs with. Its environment (the stack's ReloadInterval) wins over the
 * configuration, so for a console-launched stack that parameter decides, not the gateway's stored
 * setting: with the stack on 10m and the gateway on 5s, warm instances may serve the old
 * configuration for ten minutes, and saying "enforced" after five seconds would be a lie.
 */
let admin: string;
let gw: CreatedGateway;
let gatewayToken: string;
let apiId: string;

beforeAll(async () => {
  ({ admin, gateways: [gw] } = await adminWithGateways(AUTO_BIND));
  gatewayToken = await accessToken(gw.client);
  const pushed = await systemCall(configurationRoute.POST, { token: gatewayToken, method: "POST", body: { api_groups: [group("rl1a2b3c4d", "prod", [["GET", "/pets"]])] } });
  expect(pushed.status).toBeLessThan(300);
  const db = await getDb();
  await db.insert(stageEnforcement).values({
    gatewayId: gw.id, restApiId: "rl1a2b3c4d", stage: "prod", authorizerIds: ["az1"], authorizerTtlSeconds: 0, deploymentId: "d1",
    methods: [{ method: "GET", path: "/pets", attachment: "ours", authorizationType: "CUSTOM", authorizerId: "az1", deployedAuthorizationType: "CUSTOM", deployedAuthorizer: "ours" }],
  });
  const listed = await listApis(db, { gateway_id: gw.id });
  expect(listed.apis.map((a) => `${a.method} ${a.path} ${a.enforcement.code}`)).toEqual(["GET /pets unrestricted"]);
  apiId = listed.apis[0]!.id;
});

/** Assigns a fresh policy, then the authorizer fetches the configuration (reporting `query`): answers when it fetched. */
async function assignAndFetch(version: number, query?: string): Promise<number> {
  const policy = await call(policiesRoute.POST, { method: "POST", token: admin, body: { policy_name: `rl-${Date.now()}-${version}`, validators: [{ name: "true" }] } });
  expect(policy.status).toBe(201);
  const assigned = await call(apiRoute.PUT, { method: "PUT", token: admin, params: { api: apiId }, body: { policy_id: (policy.body as { id: string }).id, version } });
  expect(assigned.status).toBe(200);
  const fetched = await systemCall(configurationRoute.GET, { token: gatewayToken, query });
  expect(fetched.status).toBe(200);
  return Date.now();
}

async function statusAt(at: number) {
  const [view] = (await listApis(await getDb(), { gateway_id: gw.id }, at)).apis;
  return view!.enforcement;
}

describe("enforcement status: the reload interval that decides 'live'", () => {
  it("a console-launched stack's ReloadInterval decides, not the gateway's stored setting; without a stack the stored setting does", async () => {
    const db = await getDb();
    // The stack as a launch with a 10m override records it (the gateway keeps its 5s default).
    await putStackRecord(db, {
      gatewayId: gw.id, stackName: `s-${gw.id.slice(0, 8)}`, stackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/s/${gw.id}`, region: "us-east-1",
      accountId: "123456789012", status: "CREATE_COMPLETE", operation: "launch", operationSeq: 1, artifactsBucket: "b", codeKey: "k", templateKey: "t",
      templateSha256: "s", authorizerVersion: "1", parameters: { ReloadInterval: "10m" }, resourceCount: 7,
    });
    const fetchedAt = await assignAndFetch(1);
    const early = await statusAt(fetchedAt + 6_000);
    expect(early.code).toBe("live_at_next_reload");
    expect(Date.parse(early.live_at!)).toBeGreaterThanOrEqual(fetchedAt + 599_000);
    expect((await statusAt(fetchedAt + 601_000)).code).toBe("enforced");

    // No console stack (a quick-create launch): the stored 5s is what the link filled in.
    await db.delete(authorizerStacks).where(eq(authorizerStacks.gatewayId, gw.id));
    const refetchedAt = await assignAndFetch(2);
    expect((await statusAt(refetchedAt + 1_000)).code).toBe("live_at_next_reload");
    expect((await statusAt(refetchedAt + 6_000)).code).toBe("enforced");
  });

  it("what the authorizer reports it runs with counts when it is longer (a quick-create stack given 10m in the AWS console)", async () => {
    const db = await getDb();
    await db.delete(authorizerStacks).where(eq(authorizerStacks.gatewayId, gw.id));
    const fetchedAt = await assignAndFetch(3, "authorizer_version=1.0.0&reload_interval_ms=600000");
    expect(await reported()).toBe(600_000);
    const early = await statusAt(fetchedAt + 6_000);
    expect(early.code).toBe("live_at_next_reload");
    expect(Date.parse(early.live_at!)).toBeGreaterThanOrEqual(fetchedAt + 599_000);
    expect((await statusAt(fetchedAt + 601_000)).code).toBe("enforced");

    // A shorter report (the stack updated to 1s) is recorded on the next poll; the stored 5s still counts.
    const polled = await systemCall(configurationRoute.GET, { token: gatewayToken, query: "reload_interval_ms=1000" });
    expect(polled.status).toBe(200);
    expect(await reported()).toBe(1000);
    const refetchedAt = await assignAndFetch(4, "reload_interval_ms=1000");
    expect((await statusAt(refetchedAt + 3_000)).code).toBe("live_at_next_reload");
    expect((await statusAt(refetchedAt + 6_000)).code).toBe("enforced");
  });

  it.each(["0", "50", "86400001", "1.5", "soon"])("refuses a reload_interval_ms of %s with 422, recording nothing", async (value) => {
    const before = await reported();
    const res = await systemCall(configurationRoute.GET, { token: gatewayToken, query: `reload_interval_ms=${value}` });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain("reload_interval_ms");
    expect(await reported()).toBe(before);
  });
});

async function reported(): Promise<number | null> {
  const [row] = await (await getDb()).select({ ms: gateways.reportedReloadIntervalMs }).from(gateways).where(eq(gateways.id, gw.id));
  return row!.ms;
}
