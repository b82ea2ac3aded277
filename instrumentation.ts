/**
 * Runs once when the console starts: connect, migrate and create the first admin now, so a
 * generated password is printed at start-up rather than on the first request. A database that is
 * down does not stop the start: requests answer 503 `database_unavailable` while lib/db/client
 * retries in the background, and the start-up work below runs once the database is up.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb, whenDbReady } = await import("./lib/db/client");
  const { errorFields, log } = await import("./lib/log");
  void whenDbReady().then(async () => {
    // Redeploy queues left queued or running by the previous start resume now (lib/aws/redeploy).
    const { resumeRedeployQueues } = await import("./lib/aws/redeploy/worker");
    await resumeRedeployQueues().catch((err: unknown) => log.error({ error: errorFields(err) }, "could not resume redeploy queues"));
    // What AWS really enforces is read again in the background (lib/enforcement/aws/monitor).
    const { startEnforcementMonitor } = await import("./lib/enforcement/aws/monitor");
    startEnforcementMonitor();
    // Trusted issuers' JWKS, embedded in the gateways' configuration (lib/issuers/jwks-refresh).
    const { startIssuerJwksRefresh } = await import("./lib/issuers/jwks-refresh");
    startIssuerJwksRefresh(getDb);
  }).catch((err: unknown) => log.error({ error: errorFields(err) }, "start-up work after the database came up failed"));
}
