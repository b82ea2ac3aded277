import { DrizzleQueryError } from "drizzle-orm/errors";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { handleError, publicRoute } from "./api/route";
import { errorFields, log, queryName, requestIdOf } from "./log";

/**
 * The console's log lines: JSON with level, request id and route; database errors without their
 * parameters (Drizzle's message lists them: password hashes, token digests, encrypted secrets).
 */
let lines: string[];
let consoleLines: string[];

beforeEach(() => {
  lines = [];
  consoleLines = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  for (const level of ["log", "error", "warn", "info"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map(String).join(" ")));
  }
});

afterEach(() => vi.restoreAllMocks());

const SECRET_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0LXNhbHQ$secret-hash-value";

function uniqueViolation(): DrizzleQueryError {
  const driver = Object.assign(new Error(`duplicate key value violates unique constraint "users_username_key" (${SECRET_HASH})`), {
    code: "23505",
    severity: "ERROR",
    table: "users",
    constraint: "users_username_key",
    detail: `Key (username)=(bob) already exists; ${SECRET_HASH}`,
  });
  return new DrizzleQueryError('insert into "users" ("username", "password_hash") values ($1, $2) returning "id"', ["bob", SECRET_HASH], driver);
}

describe("log lines", () => {
  it("log a failed query by class, SQLSTATE and name, never its parameters or the driver's message", async () => {
    const res = handleError(uniqueViolation());
    expect(res.status).toBe(500);
    const written = [...lines, ...consoleLines].join("\n");
    expect(written).not.toContain("secret-hash-value");
    expect(written).not.toContain("bob");
    const line = JSON.parse(lines.find((l) => l.includes("unhandled API error"))!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: "error",
      msg: "unhandled API error",
      error: { class: "DrizzleQueryError", query: "insert into users", code: "23505", table: "users", constraint: "users_username_key" },
    });
    expect(await res.json()).toEqual({ error: { code: "internal_error", message: expect.any(String) as unknown } });
  });

  it("name queries by statement and first table", () => {
    expect(queryName('select "id", "role" from "users" where "users"."id" = $1 for update')).toBe("select users");
    expect(queryName('update "api_tokens" set "last_used_at" = $1')).toBe("update api_tokens");
    expect(queryName('delete from "users" where "id" = $1')).toBe("delete from users");
    expect(queryName("select 1")).toBe("select");
  });

  it("keep other errors' class and message, without anything after a parameter list", () => {
    expect(errorFields(new TypeError(`wrapped: Failed query: select 1\nparams: ${SECRET_HASH}`))).toEqual({ class: "TypeError", message: "wrapped: Failed query: select 1" });
  });

  it("carry the request's id and route (never its query string), and the answer names the id", async () => {
    const route = publicRoute(() => {
      log.info("inside the handler");
      return Promise.resolve(Response.json({ ok: true }));
    });
    const res = await route(new Request("http://console.test/api/health?token=secret-query-value", { headers: { "x-request-id": "trace-42.a_b:c" } }), {
      params: Promise.resolve({}),
    });
    expect(res.headers.get("x-request-id")).toBe("trace-42.a_b:c");
    const line = JSON.parse(lines.find((l) => l.includes("inside the handler"))!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "info", request_id: "trace-42.a_b:c", route: "GET /api/health", service: "gatehouse" });
    expect(lines.join("")).not.toContain("secret-query-value");
  });

  it("generate a request id when the client's is missing or not a short plain token", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(requestIdOf(new Headers())).toMatch(uuid);
    for (const unsafe of ["a b", "x".repeat(65), '"><script>', "id%00", "-leading-dash", ""]) {
      expect(requestIdOf(new Headers({ "x-request-id": unsafe }))).toMatch(uuid);
    }
  });
});
