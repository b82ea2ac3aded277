/**
 * Which database failures mean "the database is unavailable" (answer 503 `database_unavailable`
 * and retry) rather than a bug (500): the connection was refused, reset, timed out or closed, the
 * server is shutting down or starting up, refuses this login or database. The test looks through
 * Drizzle's wrapper (`cause`) to the driver's error: node's socket codes and PostgreSQL's SQLSTATE.
 */

/** Thrown by getDb() while the console cannot reach or prepare its database. */
export class DatabaseUnavailableError extends Error {
  constructor(
    /** A short reason for people, without host names or credentials: "connection refused". */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The database is unavailable (${reason}).`, options);
    this.name = "DatabaseUnavailableError";
  }
}

const SOCKET_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ECONNABORTED: "connection aborted",
  EPIPE: "connection closed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
};

const SQLSTATE_REASONS: Record<string, string> = {
  "57P01": "the server is shutting down (57P01)",
  "57P02": "the server crashed (57P02)",
  "57P03": "the server is starting up (57P03)",
  "53300": "too many connections (53300)",
  "3D000": "the database does not exist (3D000)",
  "28000": "the login was refused (28000)",
  "28P01": "the login was refused (28P01)",
};

const MESSAGE_REASONS: [RegExp, string][] = [
  [/timeout exceeded when trying to connect|connection timeout/i, "connection timed out"],
  [/Connection terminated/i, "connection closed"],
  [/not queryable|Cannot use a pool after calling end/i, "connection closed"],
  [/PGlite is closed/i, "the database is closed"],
];

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e !== undefined && e !== null && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/** The reason the database is unavailable, or null when the error is something else. */
export function unavailableReason(err: unknown): string | null {
  for (const e of causes(err)) {
    if (e instanceof DatabaseUnavailableError) return e.reason;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      if (SOCKET_REASONS[code]) return SOCKET_REASONS[code];
      if (SQLSTATE_REASONS[code]) return SQLSTATE_REASONS[code];
      if (/^08[0-9A-Z]{3}$/.test(code)) return `connection failure (${code})`;
    }
    // AggregateError (node's happy-eyeballs connect) holds one error per address tried.
    if (e instanceof AggregateError) {
      for (const inner of e.errors) {
        const reason = unavailableReason(inner);
        if (reason) return reason;
      }
    }
    // Drizzle's own message holds the query's parameters: only drivers' messages are read.
    const isQueryWrapper = Array.isArray((e as { params?: unknown }).params);
    const message = e instanceof Error && !isQueryWrapper ? e.message : "";
    for (const [pattern, reason] of MESSAGE_REASONS) if (pattern.test(message)) return reason;
  }
  return null;
}

/** PostgreSQL aborted the transaction to break a deadlock or a serialization conflict. */
export function isTransactionConflict(err: unknown): boolean {
  return hasSqlState(err, "40001") || hasSqlState(err, "40P01");
}

function hasSqlState(err: unknown, sqlState: string): boolean {
  return causes(err).some((e) => (e as { code?: unknown }).code === sqlState);
}

/** A unique constraint refused the write (SQLSTATE 23505, on the error or a cause Drizzle wrapped it in). */
export function isUniqueViolation(err: unknown): boolean {
  return hasSqlState(err, "23505");
}

/** A foreign key refused the write (SQLSTATE 23503), e.g. deleting a row something still references. */
export function isForeignKeyViolation(err: unknown): boolean {
  return hasSqlState(err, "23503");
}
