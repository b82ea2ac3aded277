/**
 * The well-known claims of Cloudentity's authentication context (and of access tokens in general),
 * what each means, and how time claims read relative to "now". Pure: "now" is always a parameter.
 */

export type TimeClaimName = "exp" | "iat" | "nbf";

export interface WellKnownClaim {
  name: string;
  title: string;
  description: string;
}

export const WELL_KNOWN_CLAIMS: readonly WellKnownClaim[] = [
  { name: "sub", title: "Subject", description: "Who the token is about: the user's id, or the client's for machine-to-machine tokens." },
  { name: "iss", title: "Issuer", description: "The authorization server that issued the token (its URL). Check it is the one you trust." },
  { name: "aud", title: "Audience", description: "Who the token is meant for: client ids and the resource servers (APIs) that may accept it." },
  { name: "scp", title: "Scopes", description: "The scopes granted to the client for this token, which policies can require." },
  { name: "acr", title: "Authentication context class", description: "The level (strength) of authentication the user went through, e.g. \"1\" for a single factor." },
  { name: "amr", title: "Authentication methods", description: "How the user authenticated, e.g. pwd (password), otp, mfa, webauthn." },
  { name: "aid", title: "Authorization server id", description: "The authorization server (workspace) within the tenant that issued the token." },
  { name: "idp", title: "Identity provider id", description: "The identity provider that authenticated the user." },
  { name: "tid", title: "Tenant id", description: "The tenant the authorization server belongs to." },
  { name: "st", title: "Subject type", description: "public: the same sub for every client; pairwise: a different sub for each client." },
  { name: "jti", title: "Token id", description: "Unique identifier of this token, used to detect replay and to revoke it." },
  { name: "exp", title: "Expires", description: "Expiration time: the token must not be accepted on or after it." },
  { name: "iat", title: "Issued at", description: "When the token was issued." },
  { name: "nbf", title: "Not before", description: "The token must not be accepted before this time." },
  { name: "client_id", title: "Client id", description: "The OAuth client (application) the token was issued to." },
  {
    name: "cnf",
    title: "Confirmation",
    description: "The key the token is bound to, e.g. x5t#S256: the SHA-256 thumbprint of the client's mTLS certificate. The caller must prove it holds that key.",
  },
];

export const TIME_CLAIMS: readonly TimeClaimName[] = ["exp", "iat", "nbf"];

export function isTimeClaim(name: string): name is TimeClaimName {
  return (TIME_CLAIMS as readonly string[]).includes(name);
}

export interface PresentClaim {
  claim: WellKnownClaim;
  value: unknown;
}

/** The well-known claims present in `claims`, in the order of WELL_KNOWN_CLAIMS. */
export function presentClaims(claims: Record<string, unknown>): PresentClaim[] {
  return WELL_KNOWN_CLAIMS.filter((c) => Object.hasOwn(claims, c.name)).map((claim) => ({ claim, value: claims[claim.name] }));
}

/** A claim value as one line of text: strings as they are, lists comma-separated, objects as `key: value`. */
export function formatClaimValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "(empty list)" : value.map((v) => (typeof v === "string" ? v : compact(v))).join(", ");
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    return entries.map(([k, v]) => `${k}: ${typeof v === "string" ? v : compact(v)}`).join(", ");
  }
  return compact(value);
}

function compact(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/* ----------------------------------------------------------------------------------------------
 * Time
 * -------------------------------------------------------------------------------------------- */

export type BadgeTone = "red" | "amber" | "green" | "slate";

export interface Badge {
  label: string;
  tone: BadgeTone;
}

export interface TimeOptions {
  /** Locale of the local date (undefined: the browser's). Relative phrases are English, like the page. */
  locale?: string;
  /** Time zone of the local date (undefined: the browser's). */
  timeZone?: string;
}

export type TimeDescription =
  | { ok: true; seconds: number; utc: string; local: string; relative: string; badge?: Badge; note?: string }
  | { ok: false; reason: string };

/** Largest |ms| a Date can hold. */
const MAX_DATE_MS = 8.64e15;

/**
 * How a NumericDate claim (seconds since the epoch) reads at `now` (milliseconds since the epoch).
 */
export function describeTime(name: TimeClaimName, value: unknown, now: number, options: TimeOptions = {}): TimeDescription {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return { ok: false, reason: `not a NumericDate (expected a number of seconds since 1970, got ${describeType(value)})` };
  }
  const ms = value * 1000;
  if (Math.abs(ms) > MAX_DATE_MS) return { ok: false, reason: "out of the range of dates" };
  const delta = Math.round((ms - now) / 1000); // seconds; > 0 is in the future
  const note = value > 1e11 ? "This looks like milliseconds; a NumericDate is in seconds." : undefined;
  const base = { ok: true as const, seconds: value, utc: formatUtc(value), local: formatLocal(value, options), ...(note ? { note } : {}) };
  switch (name) {
    case "exp":
      return delta <= 0
        ? { ...base, relative: `expired ${ago(-delta)}`, badge: { label: "Expired", tone: "red" } }
        : { ...base, relative: `valid for ${more(delta, "more")}`, badge: { label: "Valid", tone: "green" } };
    case "nbf":
      return delta > 0
        ? { ...base, relative: `not valid for another ${more(delta)}`, badge: { label: "Not yet valid", tone: "amber" } }
        : { ...base, relative: `became valid ${ago(-delta)}`, badge: { label: "Valid", tone: "green" } };
    case "iat":
      return delta > 0
        ? { ...base, relative: `issued ${relative(delta)}, in the future: check for clock skew`, badge: { label: "In the future", tone: "amber" } }
        : { ...base, relative: `issued ${ago(-delta)}` };
  }
}

export type Validity = "expired" | "not_yet_valid" | "valid" | "unknown";

/** The token's validity window at `now` (ms): exp in the past wins over nbf in the future. */
export function validity(claims: Record<string, unknown>, now: number): { state: Validity; badge: Badge } {
  const exp = claims.exp;
  const nbf = claims.nbf;
  const hasExp = typeof exp === "number" && Number.isFinite(exp);
  const hasNbf = typeof nbf === "number" && Number.isFinite(nbf);
  if (hasExp && exp * 1000 <= now) return { state: "expired", badge: { label: "Expired", tone: "red" } };
  if (hasNbf && nbf * 1000 > now) return { state: "not_yet_valid", badge: { label: "Not yet valid", tone: "amber" } };
  if (hasExp || hasNbf) return { state: "valid", badge: { label: "Valid", tone: "green" } };
  return { state: "unknown", badge: { label: "No exp claim", tone: "slate" } };
}

const UTC_FORMAT = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
});

/** `26 Nov 2020, 12:15:50 UTC` */
export function formatUtc(seconds: number): string {
  return UTC_FORMAT.format(seconds * 1000);
}

/** The date in the browser's (or the given) locale and time zone, with the zone's name. */
export function formatLocal(seconds: number, { locale, timeZone }: TimeOptions = {}): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "long", ...(timeZone ? { timeZone } : {}) }).format(seconds * 1000);
}

type Unit = "second" | "minute" | "hour" | "day" | "month" | "year";

/** A duration in whole seconds as the largest sensible unit: 3570 s is 1 hour, not 60 minutes. */
export function pickUnit(seconds: number): { value: number; unit: Unit } {
  const s = Math.abs(Math.round(seconds));
  if (s < 60) return { value: s, unit: "second" };
  const minutes = Math.round(s / 60);
  if (minutes < 60) return { value: minutes, unit: "minute" };
  const hours = Math.round(s / 3600);
  if (hours < 24) return { value: hours, unit: "hour" };
  const days = Math.round(s / 86400);
  if (days < 30) return { value: days, unit: "day" };
  const months = Math.round(days / 30.436875);
  if (months < 12) return { value: Math.max(1, months), unit: "month" };
  return { value: Math.max(1, Math.round(days / 365.2425)), unit: "year" };
}

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/** "3 hours ago" */
function ago(seconds: number): string {
  const { value, unit } = pickUnit(seconds);
  return RELATIVE.format(-value, unit);
}

/** "in 5 minutes" */
function relative(seconds: number): string {
  const { value, unit } = pickUnit(seconds);
  return RELATIVE.format(value, unit);
}

/** "55 more minutes" / "5 minutes" */
function more(seconds: number, word?: string): string {
  const { value, unit } = pickUnit(seconds);
  return `${value}${word ? ` ${word}` : ""} ${unit}${value === 1 ? "" : "s"}`;
}

function describeType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `a ${typeof v}`;
}
