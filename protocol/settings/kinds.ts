import { parseGoDuration, STACK_DURATION_PATTERN, stackDurationMs } from "./go-duration";

/**
 * The kinds of authorizer setting: what an entry of protocol/settings/catalogue.ts says, and one
 * builder per kind that adds its two readers from the same bounds. `parse` reads what the
 * authorizer finds in its environment or in the configuration's `settings` (always text, Go's
 * syntax, as Cloudentity's Go authorizer reads it); `problem` checks a value the console stores (a
 * JSON value that becomes a stack parameter, so it must also pass the template's AllowedPattern).
 * Written by hand: these are our protocol's rules, not a library's.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The template's three parameter groups (the package's own parameters are in Base, not here). */
export type SettingGroup = "base" | "advanced" | "certificate";
export const SETTING_GROUP_LABELS: Record<SettingGroup, string> = {
  base: "Base configuration",
  advanced: "Advanced configuration",
  certificate: "Certificate configuration",
};

/**
 * How a value is entered and typed. `url` and `pem` are checked further where a URL or an X.509
 * certificate can be parsed (the authorizer, the console): that needs the platform, not protocol/.
 */
export type SettingKind = "text" | "secret" | "url" | "select" | "duration" | "boolean" | "seconds" | "name" | "pem";

export interface EntryBase {
  /** The function's environment variable. */
  env: string;
  /** The stack template's parameter that sets it. */
  parameter: string;
  /** The field of the authorizer's parsed settings. */
  field: string;
  /** The key in the gateway's stored settings (and the configuration's `settings`); null: the console does not store it. */
  consoleKey: string | null;
  /** Whether the authorizer takes it from the configuration's `settings` when its environment leaves it unset. */
  fromConfiguration: boolean;
  group: SettingGroup;
  /** The template's ParameterLabels text. */
  label: string;
  /** What it does, for the settings form and the docs table. */
  description: string;
  /** The template's Default as the environment spells it; "" = unset (the authorizer's own fallback); null = required. */
  default: string | null;
  /** The console's stored default when it is not the template's (AWS_AUTHORIZER_NAME), and how the form shows it. */
  consoleDefault?: string | number | boolean;
  shownDefault?: string;
  /** What an empty value means to the authorizer, for the docs table (AWS_AUTHORIZER_NAME). */
  unset?: string;
  secret?: boolean;
  /** Template constraints, checked against infra/authorizer.yaml. */
  allowedValues?: readonly string[];
  pattern?: string;
  constraint?: string;
  minLength?: number;
  minValue?: number;
  maxValue?: number;
}

export interface SettingEntry<K extends SettingKind = SettingKind, T = unknown, C = unknown> extends EntryBase {
  kind: K;
  /** A duration's bounds. */
  bounds?: DurationBounds;
  /** The authorizer's reading of a (trimmed, non-empty) text value. Messages never include the value of a secret. */
  parse(raw: string): Parsed<T>;
  /** The console's check of a stored value: null when valid, else what is wrong (lower case, no full stop). */
  problem(value: C): string | null;
  /** The stack parameter's text → the console's value (parameters are strings). */
  fromParameter(text: string): C;
}

/**
 * `fromConfiguration` has no default: whether the console's configuration may set a setting is a
 * security decision (HTTP_CLIENT_* must never come from the console they are needed to reach), so
 * every entry states it.
 */
type Spec = EntryBase;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (error: string): Parsed<never> => ({ ok: false, error });
const asText = (text: string) => text;

/** Free text (the client identifier), or a secret (never echoed: no message quotes a value). */
export function text<const S extends Spec>(spec: S, kind: "text" | "secret" = "text") {
  return {
    ...spec,
    kind,
    secret: kind === "secret",
    parse: (raw: string) => ok(raw),
    problem: (value: string) => (value.trim() === "" ? "is required" : null),
    fromParameter: asText,
  } as const satisfies SettingEntry<"text" | "secret", string, string>;
}

/** The template's AllowedPattern of a URL setting, and the authorizer's and the console's first check. */
const HTTP_URL_PATTERN = "^https?://.+";
const HTTP_URL = new RegExp(HTTP_URL_PATTERN);
const URL_CONSTRAINT = "must be an http(s) URL";

/** An http(s) URL; the authorizer checks its shape further (lambda/platform/urls.ts). */
export function url<const S extends Spec>(spec: S) {
  return {
    ...spec,
    kind: "url",
    pattern: HTTP_URL_PATTERN,
    constraint: URL_CONSTRAINT,
    parse: (raw: string) => (HTTP_URL.test(raw) ? ok(raw) : fail(URL_CONSTRAINT)),
    problem: (value: string) => (HTTP_URL.test(value) ? null : URL_CONSTRAINT),
    fromParameter: asText,
  } as const satisfies SettingEntry<"url", string, string>;
}

/** One of `options`, case-insensitive for the authorizer (as Cloudentity's reads LOGGING_LEVEL). */
export function select<const O extends readonly string[], const S extends Spec>(options: O, spec: S) {
  const oneOf = `must be one of ${options.join(", ")}`;
  return {
    ...spec,
    kind: "select",
    allowedValues: options,
    parse: (raw: string): Parsed<O[number]> => {
      const lower = raw.toLowerCase();
      return (options as readonly string[]).includes(lower) ? ok(lower as O[number]) : fail(oneOf);
    },
    problem: (value: O[number]) => ((options as readonly string[]).includes(value) ? null : oneOf),
    fromParameter: (text: string) => text,
  } as const satisfies SettingEntry<"select", O[number], O[number]>;
}

const TRUE = ["1", "t", "T", "TRUE", "true", "True"];
const FALSE = ["0", "f", "F", "FALSE", "false", "False"];

/** Go's strconv.ParseBool for the authorizer; the console stores a JSON boolean, the stack "true"/"false". */
export function boolean<const S extends Spec>(spec: S) {
  return {
    ...spec,
    kind: "boolean",
    allowedValues: ["true", "false"],
    parse: (raw: string) => (TRUE.includes(raw) ? ok(true) : FALSE.includes(raw) ? ok(false) : fail("must be true or false")),
    problem: (value: boolean) => (typeof value === "boolean" ? null : "must be true or false"),
    fromParameter: (text: string) => text === "true",
  } as const satisfies SettingEntry<"boolean", boolean, boolean>;
}

export interface DurationBounds {
  minMs: number;
  maxMs: number;
  /** The bounds as written in messages (100ms, 24h). */
  minText: string;
  maxText: string;
  /** Examples for the syntax message. */
  examples: string;
}

/** A Go duration within bounds: milliseconds for the authorizer, the text for the console and the stack. */
export function duration<const S extends Spec>(bounds: DurationBounds, spec: S) {
  return {
    ...spec,
    kind: "duration",
    bounds,
    pattern: STACK_DURATION_PATTERN,
    parse: (raw: string): Parsed<number> => {
      const d = parseGoDuration(raw);
      if (!d.ok) return fail(`${d.error} (Go duration syntax, e.g. 500ms, 5s, 1m)`);
      if (d.ms < bounds.minMs || d.ms > bounds.maxMs) return fail(`must be between ${bounds.minText} and ${bounds.maxText}, got ${raw}`);
      return ok(d.ms);
    },
    problem: (value: string) => {
      const ms = stackDurationMs(value.trim());
      if (ms === null) return `use Go duration syntax, e.g. ${bounds.examples}`;
      if (ms < bounds.minMs) return `at least ${bounds.minText}`;
      if (ms > bounds.maxMs) return `at most ${bounds.maxText}`;
      return null;
    },
    fromParameter: asText,
  } as const satisfies SettingEntry<"duration", number, string> & { bounds: DurationBounds };
}

/** Whole seconds from minValue to maxValue (a Number parameter of the template). */
export function seconds<const S extends Spec & { minValue: number; maxValue: number }>(spec: S) {
  const range = `a whole number of seconds from ${spec.minValue} to ${spec.maxValue}`;
  const inRange = (n: number) => Number.isInteger(n) && n >= spec.minValue && n <= spec.maxValue;
  return {
    ...spec,
    kind: "seconds",
    parse: (raw: string) => (/^\d+$/.test(raw) && raw.length <= String(spec.maxValue).length && inRange(Number(raw)) ? ok(Number(raw)) : fail(`must be ${range}`)),
    problem: (value: number) => (typeof value === "number" && inRange(value) ? null : range),
    fromParameter: (text: string) => Number(text),
  } as const satisfies SettingEntry<"seconds", number, number>;
}

/** An API Gateway authorizer name: 1 to 128 of [A-Za-z0-9_.-] (the template also admits empty: unset). */
export function name<const S extends Spec>(spec: S) {
  const rule = "1 to 128 letters, digits, _ . or -";
  const NAME = /^[A-Za-z0-9_.-]{1,128}$/;
  return {
    ...spec,
    kind: "name",
    parse: (raw: string) => (NAME.test(raw) ? ok(raw) : fail(`must be ${rule}`)),
    problem: (value: string) => (NAME.test(value.trim()) ? null : rule),
    fromParameter: asText,
  } as const satisfies SettingEntry<"name", string, string>;
}

/** PEM certificates; read and verified where X.509 can be parsed (lambda/settings/pem.ts, lib/gateways/settings.ts). */
export function pem<const S extends Spec>(spec: S) {
  return {
    ...spec,
    kind: "pem",
    parse: (raw: string) => ok(raw),
    problem: (_value: string): string | null => null,
    fromParameter: asText,
  } as const satisfies SettingEntry<"pem", string, string>;
}
