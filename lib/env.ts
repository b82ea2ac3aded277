import "server-only";
import { z } from "zod";

/**
 * Every environment variable the console reads, validated once. README § Configuration lists
 * them; keep the two in step.
 */
const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const optionalString = z
  .string()
  .transform((v) => (v.trim() === "" ? undefined : v))
  .optional();

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  GATEHOUSE_DATA_DIR: z.string().default("data"),
  DATABASE_URL: z
    .string()
    .transform((v) => (v.trim() === "" ? undefined : v))
    .pipe(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional())
    .optional(),
  GATEHOUSE_SECRET_KEY: optionalString,
  NEXTAUTH_URL: optionalUrl,
  NEXTAUTH_SECRET: optionalString,
  GATEHOUSE_BASE_URL: optionalUrl,
  ADMIN_USERNAME: z.string().trim().min(1).default("admin"),
  ADMIN_PASSWORD: optionalString,
  OIDC_ISSUER: optionalUrl,
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_NAME: z.string().default("Single sign-on"),
  OIDC_DEFAULT_ROLE: z.enum(["admin", "viewer"]).default("viewer"),
  SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(60).default(12 * 60 * 60),
  /** Lifetime of the access tokens the `system` issuer gives gateway clients. */
  GATEHOUSE_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(300),
  /** How long a rotated-out signing key stays in the JWKS (never less than the token TTL). */
  GATEHOUSE_KEY_OVERLAP_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 60 * 60).default(24 * 60 * 60),
  /** Most API groups (REST API stages) one gateway may hold, gone ones included. */
  GATEHOUSE_MAX_API_GROUPS_PER_GATEWAY: z.coerce.number().int().min(1).default(5000),
  /** With AWS_ENDPOINT_URL (an emulator), where the local data plane (sandbox/) serves stages. */
  GATEHOUSE_SANDBOX_URL: optionalUrl,
  /** The least level of the console's JSON log lines on stdout (lib/log.ts). */
  GATEHOUSE_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * Whether X-Forwarded-For/-Host/-Proto come from a reverse proxy of the operator's (which sets
   * them) rather than from the client (which may forge them). Off by default.
   */
  GATEHOUSE_TRUST_FORWARDED_HEADERS: z
    .enum(["true", "false", "1", "0", ""], { message: "must be true or false" })
    .transform((v) => v === "true" || v === "1")
    .default(false),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** The validated environment. Throws one readable error naming every bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function oidcConfigured(e: Env = env()): boolean {
  return Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET);
}

/** The console's public origin: what issuer URLs and links are built from. */
export function publicBaseUrl(e: Env = env()): string {
  const base = e.GATEHOUSE_BASE_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`;
  return base.replace(/\/+$/, "");
}

/**
 * The origins a browser may show the console under: NEXTAUTH_URL (the URL browsers use) and the
 * public origin. Cookie-authenticated writes are accepted only from these.
 */
export function consoleOrigins(e: Env = env()): string[] {
  const urls = [e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`, publicBaseUrl(e)];
  return [...new Set(urls.map((u) => new URL(u).origin))];
}

/** The origin sign-in callbacks are resolved against (the console's URL as browsers see it). */
export function browserOrigin(e: Env = env()): string {
  return new URL(e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).origin;
}
