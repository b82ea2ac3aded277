import { startConsoleServer } from "./console-server";

/**
 * One console instance in its own process (`tsx --conditions=react-server test/console-process.ts`), for tests of several
 * instances on one PostgreSQL: the environment names the database, the shared secret key and the
 * public URL; it prints `{"listening": "<base>"}` once it serves, and runs until killed.
 */
void startConsoleServer({ publicUrl: process.env.GATEHOUSE_BASE_URL }).then((server) => {
  process.stdout.write(`${JSON.stringify({ listening: server.base })}\n`);
});
