import { storedEntries } from "../../protocol/settings/catalogue";
import { readSetting, type ConsoleSetting, type Settings } from "./settings";

/**
 * The settings in force: the environment (the stack's parameters — the production configuration,
 * per Cloudentity's guide) wins; a variable the environment leaves unset takes the console's value
 * from the configuration's `settings` (under the catalogue's console key: the console names the
 * cache TTL `AUTHORIZER_CACHE_TTL`); otherwise the default. HTTP_CLIENT_* never come from the
 * console: they are needed to reach it. An invalid console value is ignored (and reported) rather
 * than failing closed: the environment, which was validated, still stands.
 */
const FROM_CONFIGURATION = storedEntries().filter((e) => e.fromConfiguration);

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
  for (const entry of FROM_CONFIGURATION) {
    if (fromEnv.has(entry.env)) continue;
    const key = entry.consoleKey;
    if (!Object.prototype.hasOwnProperty.call(values, key)) continue;
    const raw = values[key];
    if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") {
      ignored.push({ variable: key, message: "must be a string, number or boolean" });
      continue;
    }
    const parsed = readSetting(entry, String(raw));
    if (!parsed.ok) {
      ignored.push({ variable: key, message: parsed.error });
      continue;
    }
    (out as unknown as Record<string, unknown>)[entry.field] = parsed.value;
  }
  return { settings: out, ignored };
}
