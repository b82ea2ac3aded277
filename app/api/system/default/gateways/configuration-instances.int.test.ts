import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { call, userWithToken } from "@/test/api-client";
import { createGateway, group, type CreatedGateway } from "@/test/gateways";
import * as apiRoute from "@/app/api/admin/default/apis/[api]/route";
import * as policiesRoute from "@/app/api/admin/default/policies/route";

/**
 * Several console instances on one PostgreSQL, each with its own per-revision cache of the
 * configuration: a change committed through any of them (or through a third, here the test's own
 * process) is served by every instance from its next poll on. PGlite runs in one process only.
 */
const PUBLIC_URL = "http://gatehouse.instances.test";
const onPostgres = process.env.GATEHOUSE_TEST_DB === "postgres";

interface Instance {
  child: ChildProcess;
  base: string;
}

function startInstance(): Promise<Instance> {
  // `react-server`: the console's server modules `import "server-only"` (docs/architecture.md).
  const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", path.join("test", "console-process.ts")], {
    env: { ...process.env, GATEHOUSE_BASE_URL: PUBLIC_URL },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("console instance did not start in 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`console instance exited with ${code}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const listening = (JSON.parse(line.startsWith("{") ? line : "{}") as { listening?: string }).listening;
      if (!listening) return;
      clearTimeout(timer);
      resolve({ child, base: listening });
    });
  });
}

let instances: Instance[] = [];
let admin: string;
let gw: CreatedGateway;

beforeAll(async () => {
  if (!onPostgres) return;
  process.env.GATEHOUSE_BASE_URL = PUBLIC_URL;
  resetEnvCache();
  admin = (await userWithToken("admin")).token;
  gw = await createGateway(admin, { create_and_bind_services_automatically: true });
  instances = await Promise.all([startInstance(), startInstance()]);
}, 120_000);
afterAll(async () => {
  // Stopped before the test database is dropped.
  await Promise.all(instances.map((i) => new Promise((exited) => (i.child.once("exit", exited), i.child.kill()))));
});

async function token(instance: Instance): Promise<string> {
  const res = await fetch(`${instance.base}/default/system/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: gw.client.client_id, client_secret: gw.client.client_secret }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function poll(instance: Instance, bearer: string, etag?: string) {
  const res = await fetch(`${instance.base}/api/system/default/gateways/configuration`, {
    headers: { authorization: `Bearer ${bearer}`, ...(etag ? { "if-none-match": etag } : {}) },
  });
  const text = await res.text();
  return { status: res.status, etag: res.headers.get("etag")!, body: text ? (JSON.parse(text) as { apis: { id: string; path: string; policy_id?: string }[] }) : null };
}

describe.runIf(onPostgres)("two console instances on one PostgreSQL", () => {
  it("serve a change made through either (or a third) from the next poll on", async () => {
    const [one, two] = instances as [Instance, Instance];
    const bearer = await token(one); // one issuer, one key set: a token of one instance works at the other
    const first = [await poll(one, bearer), await poll(two, bearer)];
    expect(first.map((p) => p.status)).toEqual([200, 200]);
    expect(first[0]!.etag).toBe(first[1]!.etag);
    const held = first[0]!.etag;
    expect((await poll(two, bearer, held)).status).toBe(304);

    // A discovery push through instance one: instance two serves it on its next poll.
    const pushed = await fetch(`${one.base}/api/system/default/gateways/configuration`, {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      body: JSON.stringify({ api_groups: [group("inst000001", "prod", [["GET", "/pets"]])] }),
    });
    expect(pushed.status).toBe(200);
    const afterPush = await poll(two, bearer, held);
    expect(afterPush.status).toBe(200);
    expect(afterPush.body!.apis.map((a) => a.path)).toEqual(["/pets"]);
    expect((await poll(one, bearer, held)).etag).toBe(afterPush.etag);

    // An assignment committed by a third instance (this process): both serve it next.
    const api = afterPush.body!.apis[0]!;
    const policy = await call(policiesRoute.POST, { method: "POST", token: admin, body: { policy_name: "instances-block", validators: [{ name: "false" }] } });
    const pid = (policy.body as { id: string }).id;
    const assigned = await call(apiRoute.PUT, { method: "PUT", token: admin, params: { api: api.id }, body: { policy_id: pid, version: 1 } });
    expect(assigned.status).toBe(200);
    for (const instance of [one, two]) {
      const next = await poll(instance, bearer, afterPush.etag);
      expect(next.status).toBe(200);
      expect(next.body!.apis[0]!.policy_id).toBe(pid);
      expect((await poll(instance, bearer, next.etag)).status).toBe(304);
    }
  });
});
