import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { putStackRecord } from "@/lib/aws/stack/record";
import { getDb } from "@/lib/db/client";
import { authorizerStacks } from "@/lib/db/schema";
import { applyDiscoveredGroups } from "@/lib/gateways/discovery";
import type { GatewayView } from "@/lib/gateways/view";
import { call, userWithToken } from "@/test/api-client";
import { connectGroup, createTestGateway, disconnectGroup, pushGroups } from "@/test/console-state";
import { group } from "@/test/gateways";
import * as gatewayRoute from "./gateways/[gw]/route";
import * as gatewaysRoute from "./gateways/route";

/** Two gateways connecting the same REST API stage: both gateway views name the other one. */

let viewer: string;
beforeAll(async () => {
  viewer = (await userWithToken("viewer")).token;
});

const view = async (id: string) => (await call(gatewayRoute.GET, { token: viewer, params: { gw: id } })).body as GatewayView;

async function stackIn(gatewayId: string, accountId: string) {
  const db = await getDb();
  await putStackRecord(db, {
    gatewayId, stackName: `s-${gatewayId.slice(0, 8)}`, stackId: `arn:aws:cloudformation:us-east-1:${accountId}:stack/s/${gatewayId}`, region: "us-east-1",
    accountId, status: "CREATE_COMPLETE", operation: "launch", operationSeq: 1, artifactsBucket: "b", codeKey: "k", templateKey: "t",
    templateSha256: "s", authorizerVersion: "1", parameters: {}, resourceCount: 7,
  });
}

describe("a REST API stage connected on two gateways", () => {
  it("shows on both gateways, scoped to connected stages of the same account and region", async () => {
    const a = await createTestGateway();
    const b = await createTestGateway();
    const elsewhere = await createTestGateway({ region: "eu-west-1" });
    const stages = [group("x1", "prod", [["GET", "/x"]]), group("x2", "prod", [["GET", "/y"]])];
    for (const gw of [a, b, elsewhere]) await pushGroups(gw.id, stages);

    // Discovered on both, connected on one: no conflict (every authorizer discovers every API).
    await connectGroup(a.id, "x1-prod", "X on A");
    await connectGroup(a.id, "x2-prod", "X2 on A");
    expect((await view(a.id)).conflicts).toEqual([]);

    await connectGroup(b.id, "x1-prod", "X on B");
    await connectGroup(elsewhere.id, "x1-prod", "X in another region");
    expect((await view(a.id)).conflicts).toEqual([{ group_id: "x1-prod", rest_api_id: "x1", stage: "prod", other_gateway_id: b.id, other_gateway_name: b.name }]);
    expect((await view(b.id)).conflicts).toEqual([{ group_id: "x1-prod", rest_api_id: "x1", stage: "prod", other_gateway_id: a.id, other_gateway_name: a.name }]);
    expect((await view(elsewhere.id)).conflicts).toEqual([]);
    // The list carries them too.
    const list = (await call(gatewaysRoute.GET, { token: viewer })).body as { gateways: GatewayView[] };
    const listed = list.gateways.find((g) => g.id === b.id)!;
    expect(listed.conflicts.map((c) => c.other_gateway_id)).toEqual([a.id]);

    // Stacks in two different accounts: the same id names two different REST APIs.
    await stackIn(a.id, "111111111111");
    await stackIn(b.id, "222222222222");
    expect((await view(a.id)).conflicts).toEqual([]);
    const db = await getDb();
    await db.update(authorizerStacks).set({ accountId: "111111111111" }).where(eq(authorizerStacks.gatewayId, b.id));
    expect((await view(a.id)).conflicts).toHaveLength(1);

    // Gone from AWS on B (a complete discovery without it): not connected there any more.
    await applyDiscoveredGroups(db, b.id, { api_groups: [], complete: true });
    expect((await view(a.id)).conflicts).toEqual([]);
    expect((await view(b.id)).conflicts).toEqual([]);

    // Back on B, then disconnected there: the conflict comes and goes with it.
    await pushGroups(b.id, stages);
    expect((await view(b.id)).conflicts).toHaveLength(1);
    await disconnectGroup(b.id, "x1-prod");
    expect((await view(a.id)).conflicts).toEqual([]);
  });
});
