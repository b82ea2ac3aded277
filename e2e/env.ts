/** Ports and credentials the e2e suite uses (shared by playwright.config.ts and the specs). */
export const CONSOLE_PORT = Number(process.env.E2E_CONSOLE_PORT ?? 3100);
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3201);
export const CONSOLE_URL = `http://localhost:${CONSOLE_PORT}`;
export const OIDC_ISSUER = `http://localhost:${OIDC_PORT}`;
export const ADMIN = { username: "admin", password: "e2e-admin-password-1" } as const;
export const OIDC_CLIENT = { id: "gatehouse-e2e", secret: "gatehouse-e2e-secret" } as const;
/** The AWS emulator (moto + the behaviours it lacks) the console talks to in e2e: AWS_ENDPOINT_URL. */
export const MOTO_PORT = Number(process.env.E2E_MOTO_PORT ?? CONSOLE_PORT + 2000);
export const MOTO_URL = `http://127.0.0.1:${MOTO_PORT}`;
export const AWS_E2E_ENV = {
  AWS_ENDPOINT_URL: MOTO_URL,
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_SESSION_TOKEN: "test",
} as const;
/** The sandbox data plane (sandbox/) that serves the stages' invoke URLs in e2e. */
export const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? CONSOLE_PORT + 3000);
export const SANDBOX_URL = `http://127.0.0.1:${SANDBOX_PORT}`;
