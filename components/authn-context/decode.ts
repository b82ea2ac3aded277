/**
 * Decoding of the Lambda authorizer's authentication context (issue 8), pure and browser-safe:
 * no React, no DOM beyond TextDecoder, no Buffer, no atob. Nothing here does I/O.
 *
 * Accepted input:
 * - the base64 `authnCtx` value (standard or URL-safe alphabet, with or without padding, surrounding
 *   whitespace or quotes, a `Bearer ` or `"authnCtx":` prefix from a copied log line);
 * - a Lambda-proxy event (`requestContext.authorizer.authnCtx`, also `requestContext.authorizer.lambda.authnCtx`
 *   for HTTP APIs), an object with `authorizer.authnCtx` or `authnCtx`, or a Lambda response whose `body` is such an event;
 * - a JWT (header and payload decoded, signature NOT checked).
 */

/** The largest input decoded, in UTF-8 bytes. */
export const MAX_INPUT_BYTES = 64 * 1024;

export type JsonObject = { [key: string]: unknown };

export type DecodeErrorCode =
  | "too_large"
  | "invalid_base64"
  | "invalid_utf8"
  | "invalid_json"
  | "not_json"
  | "not_object"
  | "missing_field"
  | "invalid_field"
  | "encrypted_jwt";

export type DecodeResult =
  | { kind: "empty" }
  /** `path` is where the value was found in an event, e.g. `requestContext.authorizer.authnCtx`. */
  | { kind: "authnCtx"; source: "base64" | "event"; claims: JsonObject; path?: string }
  /** `signed` is whether a signature part is present: it is never checked. */
  | { kind: "jwt"; header: JsonObject; payload: JsonObject; signed: boolean }
  /** `detail` is text to show verbatim (decoded text, a parser message), never markup. */
  | { kind: "error"; code: DecodeErrorCode; message: string; detail?: string };

export type DecodeError = Extract<DecodeResult, { kind: "error" }>;

/** How much decoded text an error carries for display. */
const MAX_DETAIL_CHARS = 4000;

export function decodeAuthnInput(raw: string): DecodeResult {
  const size = utf8Length(raw);
  if (size > MAX_INPUT_BYTES) {
    return fail(
      "too_large",
      `The input is ${size.toLocaleString("en")} bytes; the limit is 64 KiB (${MAX_INPUT_BYTES.toLocaleString("en")} bytes). ` +
        "Paste only the authnCtx value, the event or the token.",
    );
  }
  const trimmed = raw.trim();
  if (trimmed === "") return { kind: "empty" };

  const { text, offset } = peel(trimmed);
  if (text === "") return { kind: "empty" };

  if (text.startsWith("{") || text.startsWith("[")) return decodeJsonInput(text, trimmed);

  const parts = text.split(".");
  if (parts.length === 5) {
    return fail(
      "encrypted_jwt",
      "This looks like an encrypted JWT (JWE: five dot-separated parts). Its payload cannot be read without the decryption key.",
    );
  }
  if (parts.length === 3) return decodeJwt(parts as [string, string, string], offset, trimmed);

  const bytes = decodeBase64(text);
  if (!bytes.ok) {
    const hint = parts.length > 1 ? ` A JWT has exactly three dot-separated parts; this has ${parts.length}.` : "";
    return base64Error(bytes, trimmed, offset, "", hint);
  }
  const claims = bytesToObject(bytes.bytes, "");
  if (!claims.ok) return claims.error;
  return { kind: "authnCtx", source: "base64", claims: claims.value };
}

/* ----------------------------------------------------------------------------------------------
 * Surrounding noise
 * -------------------------------------------------------------------------------------------- */

const QUOTES: Record<string, string> = { '"': '"', "'": "'", "`": "`", "\u201C": "\u201D", "\u2018": "\u2019" };

/**
 * Strips what people copy along with the value: quotes, a trailing comma, `Bearer `, `"authnCtx":`.
 * `offset` is where `text` starts in the trimmed input, so positions can be reported against it.
 */
function peel(trimmed: string): { text: string; offset: number } {
  let text = trimmed;
  let offset = 0;
  for (let round = 0; round < 4; round++) {
    const before = text;
    const prefix = /^(?:bearer\s+|["'`]?authnCtx["'`]?\s*[:=]\s*)/i.exec(text);
    if (prefix) {
      offset += prefix[0].length;
      text = text.slice(prefix[0].length);
    }
    if (text.length > 1 && text.endsWith(",") && !text.startsWith("{") && !text.startsWith("[")) text = text.slice(0, -1).trimEnd();
    const close = QUOTES[text[0] ?? ""];
    if (close !== undefined && text.length >= 2 && text.endsWith(close)) {
      text = text.slice(1, -1);
      offset += 1;
    }
    const lead = text.length - text.trimStart().length;
    offset += lead;
    text = text.trim();
    if (text === before) break;
  }
  return { text, offset };
}

/* ----------------------------------------------------------------------------------------------
 * JSON input: an event, an authorizer object, a Lambda response
 * -------------------------------------------------------------------------------------------- */

interface Located {
  value: unknown;
  path: string;
}

const PATHS: readonly (readonly string[])[] = [
  ["requestContext", "authorizer", "authnCtx"],
  ["requestContext", "authorizer", "lambda", "authnCtx"],
  ["authorizer", "authnCtx"],
  ["authorizer", "lambda", "authnCtx"],
  ["authnCtx"],
];

function decodeJsonInput(text: string, trimmed: string): DecodeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // A JSON string holding the event (copied from a log that escaped it): `"{\"requestContext\":…}"`.
    const unquoted = parseJsonString(trimmed);
    if (unquoted !== null && unquoted.trim().startsWith("{")) return decodeJsonInput(unquoted.trim(), unquoted.trim());
    return fail("invalid_json", "The input starts like JSON but is not valid JSON.", errorText(e));
  }
  if (!isObject(parsed)) {
    return fail(
      "not_object",
      `The input is a JSON ${jsonType(parsed)}, not an object. Paste a Lambda event (an object with requestContext.authorizer.authnCtx), or the base64 authnCtx value itself.`,
      truncate(text),
    );
  }
  const found = locate(parsed);
  if (found === null) {
    return fail("missing_field", `No authnCtx in this JSON: ${describeMissing(parsed)}`);
  }
  const where = found.path;
  if (typeof found.value !== "string") {
    return fail("invalid_field", `${where} is ${article(jsonType(found.value))}, not a base64 string.`, truncate(stringify(found.value)));
  }
  const lead = found.value.length - found.value.trimStart().length;
  const { text: value, offset } = peel(found.value.trim());
  if (value === "") return fail("invalid_field", `${where} is an empty string.`);
  const label = `the authnCtx value at ${where}`;
  const bytes = decodeBase64(value);
  if (!bytes.ok) return base64Error(bytes, found.value, lead + offset, label, "");
  const claims = bytesToObject(bytes.bytes, ` (${label})`);
  if (!claims.ok) return claims.error;
  return { kind: "authnCtx", source: "event", claims: claims.value, path: where };
}

function locate(obj: JsonObject): Located | null {
  for (const path of PATHS) {
    let node: unknown = obj;
    for (const key of path) node = isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
    if (node !== undefined) return { value: node, path: path.join(".") };
  }
  // The guide's handler returns {statusCode, body: json.dumps(event)}: look inside the body once.
  const body = obj.body;
  let inner: unknown = body;
  if (typeof body === "string") {
    try {
      inner = JSON.parse(body);
    } catch {
      inner = undefined;
    }
  }
  if (isObject(inner)) {
    for (const path of PATHS) {
      let node: unknown = inner;
      for (const key of path) node = isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
      if (node !== undefined) return { value: node, path: ["body", ...path].join(".") };
    }
  }
  return null;
}

const CLAIM_HINT = ["sub", "iss", "aud", "exp", "iat", "scp", "tid", "aid"];

function describeMissing(obj: JsonObject): string {
  const rc = obj.requestContext;
  const hint = " The authorizer injects authnCtx only when it runs with AWS_INJECT_CONTEXT=true.";
  if (rc !== undefined) {
    if (!isObject(rc)) return `requestContext is ${article(jsonType(rc))}, not an object.`;
    const authorizer = rc.authorizer;
    if (authorizer === undefined) {
      return `requestContext exists but has no authorizer (its keys: ${keyList(rc)}). Is the method protected by the Lambda authorizer?`;
    }
    if (!isObject(authorizer)) return `requestContext.authorizer is ${article(jsonType(authorizer))}, not an object.`;
    const keys = Object.keys(authorizer);
    if (keys.length === 0) return `requestContext.authorizer exists but is empty.${hint}`;
    return `requestContext.authorizer exists but has keys ${keyList(authorizer)}.${hint}`;
  }
  const authorizer = obj.authorizer;
  if (isObject(authorizer)) {
    const keys = Object.keys(authorizer);
    if (keys.length === 0) return `authorizer exists but is empty.${hint}`;
    return `authorizer exists but has keys ${keyList(authorizer)}.${hint}`;
  }
  const keys = Object.keys(obj);
  if (keys.length === 0) return "the object is empty.";
  const claimLike = keys.filter((k) => CLAIM_HINT.includes(k));
  const tail =
    claimLike.length >= 2
      ? " It looks like already-decoded claims; paste the base64 authnCtx value or the whole event instead."
      : " Expected requestContext.authorizer.authnCtx (a Lambda-proxy event), authorizer.authnCtx or authnCtx.";
  return `found top-level keys ${keyList(obj)}.${tail}`;
}

function keyList(obj: JsonObject): string {
  const keys = Object.keys(obj);
  const shown = keys.slice(0, 20).map((k) => JSON.stringify(k).slice(1, -1));
  const more = keys.length > 20 ? ` and ${keys.length - 20} more` : "";
  return shown.join(", ") + more;
}

/* ----------------------------------------------------------------------------------------------
 * JWT
 * -------------------------------------------------------------------------------------------- */

function decodeJwt([h, p, s]: [string, string, string], offset: number, trimmed: string): DecodeResult {
  const segments = [
    { name: "header", text: h, at: offset },
    { name: "payload", text: p, at: offset + h.length + 1 },
  ] as const;
  const decoded: JsonObject[] = [];
  for (const seg of segments) {
    if (seg.text === "") return fail("invalid_base64", `This looks like a JWT (three dot-separated parts) but its ${seg.name} is empty.`);
    const bytes = decodeBase64(seg.text);
    if (!bytes.ok) return base64Error(bytes, trimmed, seg.at, `the JWT ${seg.name}`, "");
    const obj = bytesToObject(bytes.bytes, ` (JWT ${seg.name})`);
    if (!obj.ok) return obj.error;
    decoded.push(obj.value);
  }
  const [header, payload] = decoded as [JsonObject, JsonObject];
  return { kind: "jwt", header, payload, signed: s.trim() !== "" };
}

/* ----------------------------------------------------------------------------------------------
 * Bytes → UTF-8 → JSON object
 * -------------------------------------------------------------------------------------------- */

type ObjectOutcome = { ok: true; value: JsonObject } | { ok: false; error: DecodeError };

function bytesToObject(bytes: Uint8Array, where: string): ObjectOutcome {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const pos =
      at >= 0
        ? ` Byte ${at + 1} of ${bytes.length} (0x${(bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, "0")}) starts an invalid sequence.`
        : "";
    return {
      ok: false,
      error: fail(
        "invalid_utf8",
        `The base64 is valid but decodes to bytes that are not valid UTF-8${where}.${pos} authnCtx is UTF-8 JSON; this is binary data or another text encoding.`,
        hexPreview(bytes),
      ),
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      error: fail("not_json", `The base64 decodes to text that is not JSON${where}: ${errorText(e)}. The decoded text is shown below.`, truncate(text)),
    };
  }
  if (!isObject(parsed)) {
    return {
      ok: false,
      error: fail("not_object", `The decoded JSON${where} is ${article(jsonType(parsed))}, not an object of claims.`, truncate(text)),
    };
  }
  return { ok: true, value: parsed };
}

/** Index of the first byte that starts an ill-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  const cont = (j: number, lo = 0x80, hi = 0xbf) => j < n && (bytes[j] ?? 0) >= lo && (bytes[j] ?? 0) <= hi;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i += 1;
    } else if (b >= 0xc2 && b <= 0xdf) {
      if (!cont(i + 1)) return i;
      i += 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      const lo = b === 0xe0 ? 0xa0 : 0x80;
      const hi = b === 0xed ? 0x9f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2)) return i;
      i += 3;
    } else if (b >= 0xf0 && b <= 0xf4) {
      const lo = b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xf4 ? 0x8f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2) || !cont(i + 3)) return i;
      i += 4;
    } else {
      return i;
    }
  }
  return -1;
}

/* ----------------------------------------------------------------------------------------------
 * Base64 (both alphabets), reporting where it goes wrong
 * -------------------------------------------------------------------------------------------- */

const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  SEXTET["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charCodeAt(i)] = i;
}
SEXTET["-".charCodeAt(0)] = 62;
SEXTET["_".charCodeAt(0)] = 63;

export type Base64Outcome =
  | { ok: true; bytes: Uint8Array }
  /** `index` is a UTF-16 index into the decoded text, or -1 when the problem is the length. */
  | { ok: false; reason: "char" | "padding" | "length" | "empty"; index: number; message: string };

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Decodes base64 in the standard (`+/`) or URL-safe (`-_`) alphabet, padding optional,
 * whitespace (a wrapped line) ignored. Fails on the first character that cannot belong.
 */
export function decodeBase64(text: string): Base64Outcome {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  let data = 0;
  let pads = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) continue;
    if (code === 0x3d /* = */) {
      pads += 1;
      if (pads > 2) return { ok: false, reason: "padding", index: i, message: "base64 has at most two \"=\" padding characters" };
      continue;
    }
    const value = code < 128 ? (SEXTET[code] ?? -1) : -1;
    if (value < 0) return { ok: false, reason: "char", index: i, message: "is not valid base64" };
    if (pads > 0) {
      return { ok: false, reason: "padding", index: i, message: "comes after \"=\" padding, which may only appear at the end" };
    }
    data += 1;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
      buffer &= (1 << bits) - 1;
    }
  }
  if (data === 0) return { ok: false, reason: "empty", index: -1, message: "There is no base64 data." };
  if (data % 4 === 1) {
    return {
      ok: false,
      reason: "length",
      index: -1,
      message: `The base64 has ${data} characters (not counting padding), which no encoding produces: the value is truncated or has one extra character.`,
    };
  }
  return { ok: true, bytes: Uint8Array.from(out) };
}

/**
 * `source` is the text positions are reported in (the trimmed input, or an event's authnCtx value),
 * `offset` where the decoded text starts in it, `context` names the part when it is not the whole input.
 */
function base64Error(
  failure: Extract<Base64Outcome, { ok: false }>,
  source: string,
  offset: number,
  context: string,
  hint: string,
): DecodeError {
  if (failure.index < 0) {
    const within = context === "" ? "" : ` (${context})`;
    return fail("invalid_base64", `${failure.message.replace(/\.$/, "")}${within}.${hint}`);
  }
  const where = context === "" ? "" : ` of ${context}`;
  const unit = offset + failure.index;
  const ch = String.fromCodePoint(source.codePointAt(unit) ?? 0);
  const position = Array.from(source.slice(0, unit)).length + 1;
  let at = `position ${position}${where}`;
  if (source.includes("\n")) {
    const before = source.slice(0, unit);
    const line = before.split("\n").length;
    const column = Array.from(before.slice(before.lastIndexOf("\n") + 1)).length + 1;
    at += ` (line ${line}, column ${column})`;
  }
  let extra = hint;
  if (ch === "\u2026") extra += " The value looks shortened (\u2026): copy the whole authnCtx.";
  else if (ch === "%") extra += " The value looks URL-encoded (%3D is \"=\"): decode it first.";
  else if (ch === "." && hint === "") extra += " Dots appear in JWTs, which have exactly three parts.";
  return fail("invalid_base64", `Character ${describeChar(ch)} at ${at} ${failure.message}.${extra}`);
}

const CHAR_NAMES: Record<string, string> = {
  "\u00A0": "no-break space",
  "\u200B": "zero-width space",
  "\uFEFF": "byte order mark",
  "\u2026": "ellipsis",
  "\u201C": "left curly quote",
  "\u201D": "right curly quote",
};

/** `"!"`, or `U+200B (zero-width space)` for what would not show. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = CHAR_NAMES[ch];
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || /\s/u.test(ch) || name === "zero-width space" || name === "byte order mark") {
    return name ? `${hex} (${name})` : hex;
  }
  return name ? `"${ch}" (${hex}, ${name})` : `"${ch}" (${hex})`;
}

/* ----------------------------------------------------------------------------------------------
 * Small helpers
 * -------------------------------------------------------------------------------------------- */

function fail(code: DecodeErrorCode, message: string, detail?: string): DecodeError {
  return detail === undefined ? { kind: "error", code, message } : { kind: "error", code, message, detail };
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function article(type: string): string {
  if (type === "null") return "null";
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function stringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function parseJsonString(text: string): string | null {
  if (!text.startsWith('"')) return null;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "string" ? v : null;
  } catch {
    return null;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function truncate(text: string): string {
  if (text.length <= MAX_DETAIL_CHARS) return text;
  return `${text.slice(0, MAX_DETAIL_CHARS)}\n… (${(text.length - MAX_DETAIL_CHARS).toLocaleString("en")} more characters)`;
}

function hexPreview(bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, 64), (b) => b.toString(16).padStart(2, "0")).join(" ");
  return bytes.length > 64 ? `${shown} … (${bytes.length} bytes)` : shown;
}

/** UTF-8 length of a string without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i += 1;
    } else n += 3;
  }
  return n;
}
