import { startSandbox } from "./server";

/**
 * `tsx sandbox/main.ts`: the local API Gateway data plane. Settings from the environment:
 * AWS_ENDPOINT_URL (required: the emulator), AWS_REGION (us-east-1), SANDBOX_PORT (4010),
 * SANDBOX_SCHEDULE_INTERVAL_MS (60000; 0 = only on POST /_sandbox/schedule).
 */
async function main() {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (!endpoint) {
    console.error("[sandbox] AWS_ENDPOINT_URL must name the AWS emulator (e.g. http://127.0.0.1:5000)");
    process.exit(2);
  }
  const sandbox = await startSandbox({
    awsEndpoint: endpoint,
    region: process.env.AWS_REGION ?? "us-east-1",
    port: Number(process.env.SANDBOX_PORT ?? 4010),
    scheduleIntervalMs: Number(process.env.SANDBOX_SCHEDULE_INTERVAL_MS ?? 60_000),
  });
  console.log(`[sandbox] serving ${sandbox.url}/restapis/{apiId}/{stage}/_user_request_/{path}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => void sandbox.stop().then(() => process.exit(0)));
  }
}

main().catch((err: unknown) => {
  console.error(`[sandbox] could not start: ${(err as Error).message}`);
  process.exit(1);
});
