import { AsyncLocalStorage } from "node:async_hooks";
import { realClock, type Clock } from "../protocol/clock";
import type { InvocationFields } from "./invocation";
import type { LogLevel } from "./settings/settings";

/**
 * One JSON object per line on stdout (written directly, not through console.*, which the Lambda
 * runtime prefixes with its own fields and so breaks "one JSON object per line").
 * Secrets never reach a line: values under secret-looking keys are replaced, and callers log
 * token *facts* (issuer, kid, reason), never tokens.
 *
 * Every line written while an invocation runs — and by work that invocation started and that
 * outlives it (a background configuration refresh, a JWKS fetch, an analytics push) — carries
 * that invocation's fields (invocation.ts). An AsyncLocalStorage carries them: it follows
 * promises and timers, so no module has to pass a logger per request. Lines of the init phase,
 * and of work the init phase started, carry none.
 */
const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3, trace: 4 };
const SECRET_KEY = /secret|password|token|authorization|assertion|credential|cookie|^pem$|private/i;
/** Keys that look secret but only carry harmless facts. */
const SAFE_KEYS = new Set(["token_type", "token_reason", "token_issuer", "tokens"]);

export type Fields = Record<string, unknown>;
export type Sink = (line: string) => void;

const invocation = new AsyncLocalStorage<InvocationFields>();

/** Runs `fn` (and everything it starts) as part of the invocation `fields` describe. */
export function inInvocation<T>(fields: InvocationFields, fn: () => T): T {
  return invocation.run(fields, fn);
}

export const stdoutSink: Sink = (line) => {
  process.stdout.write(line + "\n");
};

function clean(value: unknown, depth: number): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (value === null || typeof value !== "object") return typeof value === "bigint" ? String(value) : value;
  if (depth > 4) return "[…]";
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => clean(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && !SAFE_KEYS.has(k) ? "[redacted]" : clean(v, depth + 1);
  return out;
}

export class Logger {
  constructor(
    private level: LogLevel,
    private readonly sink: Sink = stdoutSink,
    private readonly clock: Pick<Clock, "now"> = realClock,
  ) {}

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] <= RANK[this.level];
  }

  log(level: LogLevel, msg: string, fields?: Fields): void {
    if (!this.enabled(level)) return;
    const body = fields ? (clean(fields, 0) as Fields) : {};
    const inv = invocation.getStore();
    let line: string;
    try {
      line = JSON.stringify({ level, time: new Date(this.clock.now()).toISOString(), msg, ...inv, ...body });
    } catch {
      line = JSON.stringify({ level, time: new Date(this.clock.now()).toISOString(), msg, ...inv, fields: "[unserializable]" });
    }
    this.sink(line);
  }

  error(msg: string, fields?: Fields): void {
    this.log("error", msg, fields);
  }
  warn(msg: string, fields?: Fields): void {
    this.log("warn", msg, fields);
  }
  info(msg: string, fields?: Fields): void {
    this.log("info", msg, fields);
  }
  debug(msg: string, fields?: Fields): void {
    this.log("debug", msg, fields);
  }
  trace(msg: string, fields?: Fields): void {
    this.log("trace", msg, fields);
  }
}
