import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { DeleteStackCommand } from "@aws-sdk/client-cloudformation";
import { eq, inArray } from "drizzle-orm";
import { gatewayFunction } from "@/lib/aws/authorizer-function";
import { scheduledEvent } from "@/lib/aws/authorizer-sync";
import { awsClients } from "@/lib/aws/clients";
import { requestRedeploy } from "@/lib/aws/redeploy/request";
import { kickWorker } from "@/lib/aws/redeploy/worker";
import { launchStack } from "@/lib/aws/stack/launch";
import { getStackRecord } from "@/lib/aws/stack/record";
import { refreshStack } from "@/lib/aws/stack/refresh";
import { apis, policies, redeployItems, services } from "@/lib/db/schema";
import { listApis, type ApiView } from "@/lib/enforcement/apis";
import { assignPolicy } from "@/lib/enforcement/assign";
import { syncAndRefreshSoon } from "@/lib/enforcement/aws/after-change";
import { refreshEnforcement } from "@/lib/enforcement/aws/refresh";
import type { EnforcementStatusCode } from "@/lib/enforcement/status";
import { createGateway, deleteGateway } from "@/lib/gateways/gateways";
import { bindGroup, listGroups, unbindGroup } from "@/lib/gateways/groups";
import { createPolicy, updatePolicy } from "@/lib/policies/service";
import { REGION, resetMoto, type Infra } from "./infra";

/**
 * One sequence's world: one PetStore-like REST API (`GET /pets`, `GET /pets/{petId}`, stage
 * prod) and at most two gateways, each with its authorizer stack launched by the console.
 * Every action goes through the console's lib/ (what its routes call) or straight to AWS (what
 * happens outside the console); `settle` and `check` compare what the console shows with what
 * an anonymous request meets at the gateway.
 */
export const STAGE = "prod";
export const ROUTES = ["/pets", "/pets/{petId}"] as const;
export const actor = { userId: null, username: "test:model" } as const;
/** Transitional statuses resolve within the reload interval; settle waits at most this long for them. */
export const SETTLE_MS = 6000;
export const RELOAD_INTERVAL = "200ms";

const ALLOW = [{ name: "true" }];
const DENY = [{ name: "false" }];

export interface GatewaySlot {
  slot: number;
  id: string;
  name: string;
  /** The stack's function as AWS reported it (null once the stack was deleted). */
  functionArn: string | null;
  stackName: string;
  stackId: string;
  stackAlive: boolean;
  launches: number;
  /** Its authorizer has pushed the PetStore group. */
  discovered: boolean;
  connected: boolean;
  /** The service the group was last bound to (kept after a disconnect, with its assignments). */
  serviceId: string | null;
}

export interface Observation {
  step: number;
  gateway: number;
  api: string;
  policy: string | null;
  code: EnforcementStatusCode;
  answer: number;
}

export interface Mismatch extends Observation {
  invariant: "a" | "b";
  reason: string;
  detail: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class World {
  restApiId = "";
  gateways: (GatewaySlot | null)[] = [null, null];
  blockId = "";
  custom = { id: "", version: 0, denies: false };
  /** A sync started "at a random moment": it runs while the next action runs, and settle awaits it. */
  pending: Promise<unknown>[] = [];
  services: string[] = [];
  observations: Observation[] = [];
  /** Every check's observations as text (GATEHOUSE_MODEL_TRACE). */
  observationLog: string[] = [];
  /** What each step did, for the failure report. */
  trace: string[] = [];
  step = 0;
  private seq: number;

  constructor(
    readonly infra: Infra,
    seq: number,
  ) {
    this.seq = seq;
  }

  get db() {
    return this.infra.db;
  }

  private get apiGateway() {
    return awsClients(REGION).apiGateway;
  }

  // ---- setup / teardown ------------------------------------------------------------------

  async setUp(): Promise<void> {
    await resetMoto(this.infra.moto);
    this.infra.sandbox.functions.stop(); // no warm containers of the previous sequence's functions
    const api = await this.apiGateway.send(new CreateRestApiCommand({ name: "PetStore", description: "model world" }));
    this.restApiId = api.id!;
    const root = (await this.apiGateway.send(new GetResourcesCommand({ restApiId: this.restApiId }))).items!.find((r) => r.path === "/")!;
    const pets = await this.apiGateway.send(new CreateResourceCommand({ restApiId: this.restApiId, parentId: root.id, pathPart: "pets" }));
    const pet = await this.apiGateway.send(new CreateResourceCommand({ restApiId: this.restApiId, parentId: pets.id, pathPart: "{petId}" }));
    for (const resourceId of [pets.id!, pet.id!]) {
      await this.apiGateway.send(new PutMethodCommand({ restApiId: this.restApiId, resourceId, httpMethod: "GET", authorizationType: "NONE" }));
      await this.apiGateway.send(
        new PutIntegrationCommand({ restApiId: this.restApiId, resourceId, httpMethod: "GET", type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }),
      );
    }
    await this.apiGateway.send(new CreateDeploymentCommand({ restApiId: this.restApiId, stageName: STAGE, description: "Initial deployment" }));
    const [block] = await this.db.select().from(policies).where(eq(policies.builtin, "block"));
    this.blockId = block!.id;
    const custom = await createPolicy(this.db, actor, { policy_name: `model-custom-${this.seq}-${Math.random().toString(36).slice(2, 6)}`, validators: ALLOW });
    this.custom = { id: custom.id, version: custom.version, denies: false };
  }

  async tearDown(): Promise<void> {
    await Promise.allSettled(this.pending);
    this.pending = [];
    for (const g of this.gateways) if (g) await deleteGateway(this.db, actor, g.id).catch(() => undefined);
    if (this.services.length) await this.db.delete(services).where(inArray(services.id, this.services));
    if (this.custom.id) await this.db.delete(policies).where(eq(policies.id, this.custom.id)).catch(() => undefined);
  }

  // ---- what the model may pick from --------------------------------------------------------

  live(): GatewaySlot[] {
    return this.gateways.filter((g): g is GatewaySlot => g !== null);
  }

  log(line: string): void {
    this.trace.push(`#${this.step} ${line}`);
  }

  // ---- actions -----------------------------------------------------------------------------

  /** A new gateway in an empty slot, or a new stack for a gateway whose stack was deleted; then its authorizer's first scheduled run (discovery). */
  async createGateway(slot: number): Promise<void> {
    let g = this.gateways[slot];
    if (!g) {
      const name = `model-${this.seq}-${slot}-${Math.random().toString(36).slice(2, 7)}`;
      const created = await createGateway(this.db, actor, {
        name,
        type: "aws",
        region: REGION,
        settings: { ACP_RELOAD_INTERVAL: RELOAD_INTERVAL, LOGGING_LEVEL: "warn", ANALYTICS_ENABLED: false },
      });
      g = { slot, id: created.id, name, functionArn: null, stackName: "", stackId: "", stackAlive: false, launches: 0, discovered: false, connected: false, serviceId: null };
      this.gateways[slot] = g;
    }
    const view = await launchStack(this.db, actor, g.id, { acknowledge_iam: true });
    g.stackName = view.stack_name;
    let record = await getStackRecord(this.db, g.id);
    for (let i = 0; i < 50 && !(record?.status === "CREATE_COMPLETE" && record.outputs.FunctionArn); i++) {
      await sleep(100);
      record = await refreshStack(this.db, record!, { force: true });
    }
    if (record?.status !== "CREATE_COMPLETE" || !record.outputs.FunctionArn) throw new Error(`stack of ${g.name} did not complete: ${record?.status} ${record?.statusReason ?? ""}`);
    g.stackId = record.stackId;
    g.functionArn = record.outputs.FunctionArn;
    g.stackAlive = true;
    g.launches += 1;
    this.log(`create gateway ${slot} (launch ${g.launches}: ${g.functionArn.split(":").pop()})`);
    await this.scheduledSync(g);
  }

  /** DeleteStack straight to CloudFormation (outside the console: its record is not told). */
  async deleteStack(g: GatewaySlot): Promise<void> {
    await awsClients(REGION).cloudFormation.send(new DeleteStackCommand({ StackName: g.stackId }));
    g.stackAlive = false;
    this.log(`delete stack of gateway ${g.slot}`);
  }

  async connect(g: GatewaySlot, newService: boolean): Promise<void> {
    const groupId = `${this.restApiId}-${STAGE}`;
    const reuse = !newService && g.serviceId !== null;
    const body = reuse ? { service_id: g.serviceId! } : { service: { name: `svc-${g.name}-${this.services.length}` } };
    const group = await bindGroup(this.db, actor, g.id, groupId, body);
    g.serviceId = group.service_id;
    if (!this.services.includes(group.service_id!)) this.services.push(group.service_id!);
    g.connected = true;
    this.log(`connect gateway ${g.slot} (${reuse ? "its previous service" : "a new service"})`);
    await syncAndRefreshSoon(this.db, g.id); // what the Connect route does after binding
  }

  async disconnect(g: GatewaySlot): Promise<void> {
    await unbindGroup(this.db, actor, g.id, `${this.restApiId}-${STAGE}`);
    g.connected = false;
    this.log(`disconnect gateway ${g.slot}`);
    await syncAndRefreshSoon(this.db, g.id);
  }

  async serviceApi(g: GatewaySlot, route: number) {
    if (!g.serviceId) return null;
    const [row] = await this.db
      .select()
      .from(apis)
      .where(eq(apis.serviceId, g.serviceId))
      .then((rows) => rows.filter((a) => a.method === "GET" && a.path === ROUTES[route]));
    return row ?? null;
  }

  async assign(g: GatewaySlot, route: number, policy: "block" | "custom" | null): Promise<void> {
    const api = await this.serviceApi(g, route);
    if (!api) throw new Error(`gateway ${g.slot} has no API GET ${ROUTES[route]}`);
    const policyId = policy === "block" ? this.blockId : policy === "custom" ? this.custom.id : null;
    await assignPolicy(this.db, actor, api.id, { policy_id: policyId, version: api.version });
    this.log(`${policy ? `assign ${policy === "block" ? "Block API" : `custom (${this.custom.denies ? "deny" : "allow"})`}` : "clear policy"} on gateway ${g.slot} GET ${ROUTES[route]}`);
  }

  async redeploy(gatewayId: string | undefined, all: boolean): Promise<string> {
    const r = await requestRedeploy(this.db, actor, { gateway_id: gatewayId, all });
    await kickWorker(this.infra.account, REGION);
    let job = "nothing to do";
    if (r.job) {
      const items = await this.db.select().from(redeployItems).where(eq(redeployItems.jobId, r.job.id));
      const slotOf = (id: string | null) => this.live().find((g) => g.id === id)?.slot ?? "?";
      job = `job of ${items.length} stage(s): ${items.map((i) => `gateway ${slotOf(i.gatewayId)} ${i.status}${i.error ? ` (${i.error.slice(0, 160)})` : ""}`).join("; ")}`;
    }
    this.log(`redeploy ${all ? "all stages" : "plain"} of ${gatewayId ? `gateway ${this.live().find((g) => g.id === gatewayId)?.slot}` : "every gateway"}: ${job}`);
    return job;
  }

  /** The scheduled event straight to the function (what EventBridge does), through the sandbox. */
  private async invokeScheduled(g: GatewaySlot): Promise<unknown> {
    const fn = { functionArn: g.functionArn!, region: REGION, accountId: this.infra.account };
    const res = await fetch(`${this.infra.sandbox.url}/_sandbox/invoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ function: g.functionArn, payload: scheduledEvent(fn), invocationType: "RequestResponse" }),
    });
    const body = (await res.json()) as { ok?: boolean; sync?: { errors?: string[] } };
    if (res.ok && body?.sync) g.discovered = true;
    return body;
  }

  async scheduledSync(g: GatewaySlot, overlap = false): Promise<void> {
    this.log(`scheduled sync of gateway ${g.slot}${overlap ? " (overlapping the next action)" : ""}`);
    const run = this.invokeScheduled(g);
    if (overlap) this.pending.push(run.catch(() => undefined));
    else await run;
  }

  async externalDeploy(): Promise<void> {
    await this.apiGateway.send(new CreateDeploymentCommand({ restApiId: this.restApiId, stageName: STAGE, description: "made outside the console" }));
    this.log("deployment made outside the console");
  }

  async editPolicy(): Promise<void> {
    const denies = !this.custom.denies;
    const p = await updatePolicy(this.db, actor, this.custom.id, { validators: denies ? DENY : ALLOW, version: this.custom.version });
    this.custom = { id: p.id, version: p.version, denies };
    this.log(`edit the custom policy to ${denies ? "deny" : "allow"}`);
  }

  // ---- settle and check --------------------------------------------------------------------

  async views(): Promise<ApiView[]> {
    const ids = new Set(this.live().map((g) => g.id));
    return (await listApis(this.db)).apis.filter((v) => v.gateway_id !== null && ids.has(v.gateway_id) && v.rest_api !== null);
  }

  url(path: string): string {
    return `${this.infra.sandbox.url}/restapis/${this.restApiId}/${STAGE}/_user_request_${path.replace("{petId}", "1")}`;
  }

  async anonymousGet(path: string): Promise<number> {
    const res = await fetch(this.url(path));
    await res.arrayBuffer();
    return res.status;
  }

  /**
   * After a step: whatever ran in the background is done; every gateway's stack and every
   * connected stage is read from AWS; transitional statuses (`live_at_next_reload`, `cached`) get a bounded time to resolve —
   * requests are what make a warm authorizer reload, so each waiting API is requested meanwhile.
   */
  async settle(): Promise<ApiView[]> {
    await Promise.allSettled(this.pending);
    this.pending = [];
    // The console polls a stack at most every MIN_POLL_MS, so a stack deleted outside it is
    // noticed by a read that many ms later: read every stack now (as its stack page does), so a
    // settled world never depends on how fast the steps before it ran.
    for (const g of this.live()) {
      const record = await getStackRecord(this.db, g.id);
      if (record) await refreshStack(this.db, record, { force: true });
    }
    await refreshEnforcement(this.db);
    const deadline = Date.now() + SETTLE_MS;
    for (;;) {
      const views = await this.views();
      const waiting = views.filter((v) => v.enforcement.code === "live_at_next_reload" || v.enforcement.code === "cached");
      if (waiting.length === 0 || Date.now() >= deadline) return views;
      const answers = await Promise.all([...new Set(waiting.map((v) => v.path))].map((p) => this.anonymousGet(p)));
      // 500 everywhere: no authorizer runs for these APIs (its function is gone), so nothing will fetch.
      if (answers.every((a) => a === 500)) return views;
      await sleep(120);
    }
  }

  /** Every API: one anonymous GET; the invariants (a) and (b). */
  async check(views: ApiView[]): Promise<Mismatch[]> {
    const answers = new Map<string, number>();
    for (const path of new Set(views.map((v) => v.path))) answers.set(path, await this.anonymousGet(path));
    const out: Mismatch[] = [];
    for (const v of views) {
      const answer = answers.get(v.path)!;
      const g = this.live().find((x) => x.id === v.gateway_id)!;
      const policy = v.policy_id === this.blockId ? "Block API" : v.policy_id === this.custom.id ? `custom(${this.custom.denies ? "deny" : "allow"})` : v.policy_id ? "other" : null;
      const o: Observation = { step: this.step, gateway: g.slot, api: `${v.method} ${v.path}`, policy, code: v.enforcement.code, answer };
      this.observations.push(o);
      this.observationLog.push(`#${o.step} gw${o.gateway} ${o.api} [${o.policy ?? "none"}] ${o.code} → ${o.answer} (${v.enforcement.reason})`);
      if (v.policy_id !== this.blockId) continue;
      if (v.enforcement.code === "enforced" && answer === 200) {
        out.push({ ...o, invariant: "a", reason: "shown enforced with Block API, but an anonymous GET answered 200", detail: v.enforcement.reason });
      } else if (answer === 200 && v.enforcement.code !== "open_at_gateway") {
        out.push({ ...o, invariant: "b", reason: `Block API answered 200 but is shown ${v.enforcement.code}, not open_at_gateway`, detail: v.enforcement.reason });
      }
    }
    return out;
  }

  /** A one-line picture of the world for the report. */
  async describe(): Promise<string> {
    const parts: string[] = [];
    for (const g of this.live()) {
      const fn = await gatewayFunction(this.db, g.id);
      const groups = await listGroups(this.db, g.id).catch(() => []);
      parts.push(
        `gw${g.slot}{stack:${g.stackAlive ? "up" : "deleted"},console-knows-fn:${fn ? "yes" : "no"},group:${groups.map((x) => `${x.connected ? "connected" : "not connected"}${x.gone_at ? ",gone" : ""}`).join("|") || "none"}}`,
      );
    }
    return parts.join(" ");
  }
}
