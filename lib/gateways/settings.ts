import { X509Certificate } from "node:crypto";
import { z } from "zod";
import {
  consoleDefaults,
  storedEntries,
  type AuthorizerSettings,
  type SettingEntry,
} from "../../protocol/settings/catalogue";

/**
 * The console's side of the authorizer settings, derived from protocol/settings/catalogue.ts: the
 * defaults a gateway starts from and the schema a patch must pass (the catalogue's checks, plus the
 * X.509 check of the root CA, which needs node:crypto).
 */
const STORED = storedEntries();

export const DEFAULT_AUTHORIZER_SETTINGS: AuthorizerSettings = consoleDefaults();

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END CERTIFICATE-----/g;
/** CloudFormation parameter values are limited to 4 KB, and the stack passes this one through. */
export const MAX_ROOT_CA_LENGTH = 4096;

/** Null when `text` is empty or one or more PEM certificates (and nothing else); else why not. */
export function rootCaProblem(text: string): string | null {
  if (text.trim() === "") return null;
  if (text.length > MAX_ROOT_CA_LENGTH) return `at most ${MAX_ROOT_CA_LENGTH} characters (a CloudFormation parameter limit)`;
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) return "must be a PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)";
  if (text.replace(PEM_BLOCK, "").trim() !== "") return "only PEM certificate blocks are allowed";
  for (const block of blocks) {
    try {
      new X509Certificate(block[0]);
    } catch {
      return "a PEM block is not a valid X.509 certificate";
    }
  }
  return null;
}

/** A stored value's JSON type by kind (also the OpenAPI document's, lib/api/openapi/responses.ts). */
export function storedValueType(e: SettingEntry): z.ZodType {
  if (e.kind === "select") return z.enum(e.allowedValues as [string, ...string[]]);
  if (e.kind === "boolean") return z.boolean();
  if (e.kind === "seconds") return z.number();
  return z.string();
}

function storedSchema(e: SettingEntry): z.ZodType {
  // Text is stored trimmed, as the form sends it; a PEM keeps its line breaks.
  const type = e.kind === "duration" || e.kind === "name" || e.kind === "text" ? z.string().trim() : storedValueType(e);
  return type.superRefine((v, ctx) => {
    const problem = e.problem(v) ?? (e.kind === "pem" ? rootCaProblem(v as string) : null);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

export const authorizerSettingsPatchSchema = z.strictObject(
  Object.fromEntries(STORED.map((e) => [e.consoleKey, storedSchema(e).optional()])),
) as unknown as z.ZodType<Partial<AuthorizerSettings>>;

export type AuthorizerSettingsPatch = z.infer<typeof authorizerSettingsPatchSchema>;

/** Applies a validated patch; keys left out keep their value (or the default, for old rows). */
export function mergeSettings(current: Partial<AuthorizerSettings> | null | undefined, patch: AuthorizerSettingsPatch = {}): AuthorizerSettings {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<AuthorizerSettings>;
  return { ...DEFAULT_AUTHORIZER_SETTINGS, ...(current ?? {}), ...defined };
}
