import { defineConfig } from "@playwright/test";
import { AWS_E2E_ENV, SANDBOX_PORT, SANDBOX_URL, CONSOLE_PORT, CONSOLE_URL, MOTO_PORT, MOTO_URL, OIDC_CLIENT, OIDC_ISSUER, OIDC_PORT, ADMIN } from "./e2e/env";

/**
 * e2e against the built console in the machine's Chromium (never a downloaded browser):
 * /usr/bin/chromium, or CHROMIUM_PATH.
 */
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: `test-results/e2e-${CONSOLE_PORT}`,
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  // The JSON report is what .ci/run counts for its closing "N passed, N failed" line.
  reporter: [["list"], ["json", { outputFile: `test-results/playwright-${CONSOLE_PORT}.json` }]],
  use: {
    baseURL: CONSOLE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
      ],
    },
  },
  webServer: [
    {
      command: "node e2e/oidc-server.mjs",
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      env: { OIDC_PORT: String(OIDC_PORT), CONSOLE_URL },
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      timeout: 30_000,
    },
    {
      // The AWS emulator the console's SDK calls go to (e2e/stack.spec.ts); never real AWS.
      command: `python3 test/moto/gatehouse_moto_server.py -H 127.0.0.1 -p ${MOTO_PORT}`,
      url: `${MOTO_URL}/moto-api/data.json`,
      env: { GATEHOUSE_SANDBOX_URL: SANDBOX_URL },
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "ignore",
      timeout: 60_000,
    },
    {
      // The local API Gateway data plane over the emulator: runs the authorizer zips the stacks
      // deployed. Scheduled events only on request (POST /_sandbox/schedule), so tests need not wait.
      command: "node node_modules/tsx/dist/cli.mjs sandbox/main.ts",
      url: `${SANDBOX_URL}/_sandbox/health`,
      env: { ...AWS_E2E_ENV, SANDBOX_PORT: String(SANDBOX_PORT), SANDBOX_SCHEDULE_INTERVAL_MS: "0" },
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      timeout: 60_000,
    },
    {
      command: "node e2e/start-console.mjs",
      url: `${CONSOLE_URL}/api/health`,
      env: {
        PORT: String(CONSOLE_PORT),
        NEXTAUTH_URL: CONSOLE_URL,
        ADMIN_PASSWORD: ADMIN.password,
        OIDC_ISSUER,
        OIDC_CLIENT_ID: OIDC_CLIENT.id,
        OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        OIDC_NAME: "Test IdP",
        GATEHOUSE_DATA_DIR: `data/e2e-${CONSOLE_PORT}`,
        GATEHOUSE_SANDBOX_URL: SANDBOX_URL,
        ...AWS_E2E_ENV,
      },
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      timeout: 300_000,
    },
  ],
});
