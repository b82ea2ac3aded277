import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * A fresh, empty database on the PostgreSQL server `serverUrl` names (integration tests'
 * per-file databases, benchmarks): its URL, and `drop()`, which removes it even while
 * connections to it are still open.
 */
export async function createPostgresDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const query = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
