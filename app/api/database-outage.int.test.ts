import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as usersRoute from "@/app/api/admin/default/users/route";
import * as healthRoute from "@/app/api/health/route";
import { register } from "@/instrumentation";
import { closeDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { userWithToken } from "@/test/api-client";
import { startConsoleServer, type ConsoleServer } from "@/test/console-server";
import { startPgProxy, type PgProxy } from "@/test/pg-proxy";

/**
 * The console against a PostgreSQL that goes away: started while it is down, the console answers
 * 503 `database_unavailable` (health, admin API, system API, token endpoint) and serves normally
 * within seconds of the database coming up, without a restart; a restart of the server's
 * connections (pg_terminate_backend) is no uncaughtException; an outage while running is a 503
 * with the reason, not a 500. The database sits behind a TCP relay (test/pg-proxy) that the test
 * takes down and up; the server behind it is the CI's throw-away PostgreSQL.
 */
const onPostgres = process.env.GATEHOUSE_TEST_DB === "postgres";
const RECOVERY_DEADLINE_MS = 10_000;

interface Answer {
  status: number;
  headers: Headers;
  body: { status?: string; database?: { ok: boolean; error?: string }; error?: { code: string; message: string } | string; error_description?: string };
}

describe.skipIf(!onPostgres)("a console whose PostgreSQL is down", () => {
  let proxy: PgProxy;
  let server: ConsoleServer;
  let realUrl: string;
  const output: string[] = [];
  const uncaught: unknown[] = [];
  const recordUncaught = (err: unknown) => uncaught.push(err);

  async function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${server.base}${path}`, { headers });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
  }

  async function untilHealthy(): Promise<number> {
    const started = Date.now();
    for (;;) {
      const health = await get("/api/health");
      if (health.status === 200) return Date.now() - started;
      if (Date.now() - started > RECOVERY_DEADLINE_MS) throw new Error(`not recovered after ${RECOVERY_DEADLINE_MS} ms: ${JSON.stringify(health.body)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    realUrl = process.env.DATABASE_URL!;
    const real = new URL(realUrl);
    proxy = await startPgProxy(real.hostname, Number(real.port || 5432));
    const viaProxy = new URL(realUrl);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    await closeDb();
    process.env.DATABASE_URL = viaProxy.toString();
    resetEnvCache();
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      output.push(String(chunk));
      return write(chunk, ...(rest as []));
    });
    process.on("uncaughtException", recordUncaught);
    server = await startConsoleServer({
      migrateFirst: false,
      routes: { "GET /api/health": healthRoute.GET, "GET /api/admin/default/users": usersRoute.GET },
    });
  });

  afterAll(async () => {
    process.off("uncaughtException", recordUncaught);
    vi.restoreAllMocks();
    await server?.close();
    await closeDb();
    await proxy?.down();
    process.env.DATABASE_URL = realUrl;
    resetEnvCache();
  });

  it("starts, answers 503 database_unavailable, and serves normally seconds after the database comes up", async () => {
    // The start-up hook does not fail (a failed register() left every route a plain-text 500).
    process.env.NEXT_RUNTIME = "nodejs";
    await expect(register()).resolves.toBeUndefined();

    const health = await get("/api/health");
    expect(health.status).toBe(503);
    expect(health.headers.get("retry-after")).toBe("5");
    expect(health.body.status).toBe("unavailable");
    expect(health.body.database).toMatchObject({ ok: false, error: "connection refused" });
    expect(health.body.error).toMatchObject({ code: "database_unavailable" });

    const admin = await get("/api/admin/default/users", { authorization: "Bearer gh_not-checked-without-a-database", "x-request-id": "probe-1" });
    expect(admin.status).toBe(503);
    expect(admin.body.error).toMatchObject({ code: "database_unavailable", message: expect.stringContaining("connection refused") as unknown });
    expect(admin.headers.get("x-request-id")).toBe("probe-1");

    const system = await get("/api/system/default/gateways/configuration", { authorization: "Bearer some.access.token" });
    expect(system.status).toBe(503);
    expect(system.body.error).toMatchObject({ code: "database_unavailable" });

    const token = await fetch(`${server.base}/default/system/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=x&client_secret=y",
    });
    expect(token.status).toBe(503);
    expect(((await token.json()) as Answer["body"]).error).toBe("temporarily_unavailable");

    await proxy.up();
    await untilHealthy();
    // Start-up ran in the background: migrated, first admin created; the admin API serves.
    const caller = await userWithToken("admin");
    const users = await get("/api/admin/default/users", { authorization: `Bearer ${caller.token}` });
    expect(users.status).toBe(200);
    expect(JSON.stringify(users.body)).toContain('"username":"admin"');
  });

  it("survives PostgreSQL terminating its connections: no uncaughtException, the next request is served", async () => {
    const caller = await userWithToken("admin");
    // Several idle pooled connections, then the server ends every one of them.
    await Promise.all(Array.from({ length: 6 }, () => get("/api/admin/default/users", { authorization: `Bearer ${caller.token}` })));
    const admin = new pg.Client({ connectionString: realUrl });
    await admin.connect();
    const { rows } = await admin.query<{ n: string }>(
      "select count(pg_terminate_backend(pid)) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    await admin.end();
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));

    expect(uncaught).toEqual([]);
    const poolLines = output.filter((l) => l.includes("an idle database connection failed"));
    expect(poolLines.length).toBeGreaterThan(0);
    // Logged as a JSON line with the SQLSTATE, without the client object or its settings.
    const line = JSON.parse(poolLines[0]!) as { level: string; error: { code?: string } };
    expect(line.level).toBe("warn");
    expect(line.error.code).toBe("57P01");
    expect(poolLines.join("")).not.toMatch(/connectionString|_events|password/);

    expect((await get("/api/health")).status).toBe(200);
    expect((await get("/api/admin/default/users", { authorization: `Bearer ${caller.token}` })).status).toBe(200);
  });

  it("answers an outage while running with 503 and the reason, never 500, and recovers when it ends", async () => {
    const caller = await userWithToken("admin");
    output.length = 0;
    await proxy.down();

    const health = await get("/api/health");
    expect(health.status).toBe(503);
    expect(health.body.database?.error).toMatch(/connection (refused|closed|reset)/);
    expect(health.body.database?.error).not.toContain("Failed query");
    const admin = await get("/api/admin/default/users", { authorization: `Bearer ${caller.token}` });
    expect(admin.status).toBe(503);
    expect(admin.body.error).toMatchObject({ code: "database_unavailable" });
    expect(uncaught).toEqual([]);
    // What got logged names failures and queries, never their parameters (the token digest here).
    expect(output.join("")).not.toContain("params:");

    await proxy.up();
    await untilHealthy();
    expect((await get("/api/admin/default/users", { authorization: `Bearer ${caller.token}` })).status).toBe(200);
  });
});
