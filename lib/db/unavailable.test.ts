import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { handleError } from "../api/route";
import { DatabaseUnavailableError, isTransactionConflict, unavailableReason } from "./unavailable";

/** Which failures are "the database is unavailable" (503) rather than a bug (500). */
function driverError(fields: Record<string, unknown>, message = "driver failure"): Error {
  return Object.assign(new Error(message), fields);
}

function failedQuery(cause: Error): DrizzleQueryError {
  return new DrizzleQueryError('select "id" from "users" where "id" = $1', ["a-parameter"], cause);
}

describe("unavailableReason", () => {
  it.each([
    [{ code: "ECONNREFUSED" }, "connection refused"],
    [{ code: "ECONNRESET" }, "connection reset"],
    [{ code: "ETIMEDOUT" }, "connection timed out"],
    [{ code: "57P01", severity: "FATAL" }, "the server is shutting down (57P01)"],
    [{ code: "57P02", severity: "FATAL" }, "the server crashed (57P02)"],
    [{ code: "57P03", severity: "FATAL" }, "the server is starting up (57P03)"],
    [{ code: "08006", severity: "FATAL" }, "connection failure (08006)"],
    [{ code: "3D000", severity: "FATAL" }, "the database does not exist (3D000)"],
  ])("classifies %o behind Drizzle's wrapper", (fields, reason) => {
    expect(unavailableReason(failedQuery(driverError(fields)))).toBe(reason);
    expect(unavailableReason(driverError(fields))).toBe(reason);
  });

  it.each([
    ["Connection terminated unexpectedly", "connection closed"],
    ["timeout exceeded when trying to connect", "connection timed out"],
    ["Connection terminated due to connection timeout", "connection timed out"],
    ["Client has encountered a connection error and is not queryable", "connection closed"],
  ])("classifies pg's %j", (message, reason) => {
    expect(unavailableReason(failedQuery(new Error(message)))).toBe(reason);
  });

  it("classifies a closed PGlite", async () => {
    const client = new PGlite();
    const db = drizzle(client);
    await db.execute(sql`select 1`);
    await client.close();
    const err: unknown = await db.execute(sql`select 1`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(unavailableReason(err)).toBe("the database is closed");
  }, 60_000);

  it("classifies node's happy-eyeballs AggregateError and our own error", () => {
    expect(unavailableReason(new AggregateError([driverError({ code: "ECONNREFUSED" })], ""))).toBe("connection refused");
    expect(unavailableReason(new DatabaseUnavailableError("connection refused"))).toBe("connection refused");
  });

  it("leaves real query failures alone, even when a parameter mentions a connection failure", () => {
    expect(unavailableReason(failedQuery(driverError({ code: "23505", severity: "ERROR" })))).toBeNull();
    expect(unavailableReason(new DrizzleQueryError("select 1", ["Connection terminated PGlite is closed"]))).toBeNull();
    expect(unavailableReason(new TypeError("x is undefined"))).toBeNull();
  });

  it("recognises deadlocks and serialization failures", () => {
    expect(isTransactionConflict(failedQuery(driverError({ code: "40P01" })))).toBe(true);
    expect(isTransactionConflict(failedQuery(driverError({ code: "40001" })))).toBe(true);
    expect(isTransactionConflict(failedQuery(driverError({ code: "23505" })))).toBe(false);
  });
});

describe("the API's answer", () => {
  it("is 503 database_unavailable with the reason and Retry-After when the database is unreachable", async () => {
    const res = handleError(failedQuery(driverError({ code: "ECONNREFUSED" })));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("database_unavailable");
    expect(body.error.message).toContain("connection refused");
    expect(body.error.message).not.toContain("a-parameter");
  });

  it("is 409 for a deadlock PostgreSQL broke", async () => {
    const res = handleError(failedQuery(driverError({ code: "40P01", severity: "ERROR" })));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("conflict");
  });
});
