/**
 * Runs once when the console starts: migrate the database and create the first admin now,
 * so a generated password is printed at start-up rather than on the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("./lib/db/client");
  await getDb();
  // Redeploy queues left queued or running by the previous start resume now (lib/aws/redeploy).
  const { resumeRedeployQueues } = await import("./lib/aws/redeploy/worker");
  await resumeRedeployQueues().catch((err: unknown) => console.error(`[gatehouse] could not resume redeploy queues: ${(err as Error).message}`));
  // What AWS really enforces is read again in the background (lib/enforcement/aws/monitor).
  const { startEnforcementMonitor } = await import("./lib/enforcement/aws/monitor");
  startEnforcementMonitor();
  // Trusted issuers' JWKS, embedded in the gateways' configuration (lib/issuers/jwks-refresh).
  const { startIssuerJwksRefresh } = await import("./lib/issuers/jwks-refresh");
  startIssuerJwksRefresh(getDb);
}
