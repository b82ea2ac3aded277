/** Ports and credentials the e2e suite uses (shared by playwright.config.ts and the specs). */
export const CONSOLE_PORT = Number(process.env.E2E_CONSOLE_PORT ?? 3100);
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3201);
export const CONSOLE_URL = `http://localhost:${CONSOLE_PORT}`;
export const OIDC_ISSUER = `http://localhost:${OIDC_PORT}`;
export const ADMIN = { username: "admin", password: "e2e-admin-password-1" } as const;
export const OIDC_CLIENT = { id: "gatehouse-e2e", secret: "gatehouse-e2e-secret" } as const;
