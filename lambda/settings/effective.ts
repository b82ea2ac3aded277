import { CONSOLE_SETTING_PARSERS, CONSOLE_SETTINGS, type ConsoleSetting, type Settings } from "./settings";

/**
 * The settings in force: the environment (the stack's parameters — the production configuration,
 * per Cloudentity's guide) wins; a variable the environment leaves unset takes the console's value
 * from the configuration's `settings`; otherwise the default. The console names the cache TTL
 * `AUTHORIZER_CACHE_TTL`. HTTP_CLIENT_* never come from the console: they are needed to reach it.
 * An invalid console value is ignored (and reported) rather than failing closed: the environment,
 * which was validated, still stands.
 */
const CONSOLE_KEY: Record<ConsoleSetting, string> = {
  LOGGING_LEVEL: "LOGGING_LEVEL",
  ACP_RELOAD_INTERVAL: "ACP_RELOAD_INTERVAL",
  JWKS_MAX_AGE: "JWKS_MAX_AGE",
  ANALYTICS_ENABLED: "ANALYTICS_ENABLED",
  AWS_INJECT_CONTEXT: "AWS_INJECT_CONTEXT",
  ENFORCEMENT_ALLOW_UNKNOWN: "ENFORCEMENT_ALLOW_UNKNOWN",
  AWS_AUTHORIZER_NAME: "AWS_AUTHORIZER_NAME",
  AWS_AUTHORIZER_CACHE_TTL: "AUTHORIZER_CACHE_TTL",
};

export interface EffectiveSettings {
  settings: Settings;
  /** Console values that were not applied because they are invalid. */
  ignored: { variable: string; message: string }[];
}

export function effectiveSettings(base: Settings, fromEnv: ReadonlySet<ConsoleSetting>, consoleSettings: unknown): EffectiveSettings {
  const out: Settings = { ...base };
  const ignored: EffectiveSettings["ignored"] = [];
  if (consoleSettings === null || typeof consoleSettings !== "object" || Array.isArray(consoleSettings)) return { settings: out, ignored };
  const values = consoleSettings as Record<string, unknown>;
  for (const variable of Object.keys(CONSOLE_SETTINGS) as ConsoleSetting[]) {
    if (fromEnv.has(variable)) continue;
    const key = CONSOLE_KEY[variable];
    if (!Object.prototype.hasOwnProperty.call(values, key)) continue;
    const raw = values[key];
    if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") {
      ignored.push({ variable: key, message: "must be a string, number or boolean" });
      continue;
    }
    const parsed = CONSOLE_SETTING_PARSERS[variable].safeParse(String(raw).trim());
    if (!parsed.success) {
      ignored.push({ variable: key, message: parsed.error.issues[0]?.message ?? "is invalid" });
      continue;
    }
    (out as unknown as Record<string, unknown>)[CONSOLE_SETTINGS[variable]] = parsed.data;
  }
  return { settings: out, ignored };
}
