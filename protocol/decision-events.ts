import * as z from "zod/mini";

/**
 * The decision events, `POST …/gateways/requests` (docs/protocol.md; Cloudentity's
 * GatewayRequestEvents): one event per decision the authorizer made. The authorizer builds them
 * (lambda/analytics/event.ts), the console's system API validates them with
 * `gatewayRequestEventsSchema` (lib/gateways/events.ts stores them). Both sides meet here so the
 * event is written once.
 *
 * Written with zod/mini rather than classic zod: the authorizer bundles this folder and stays
 * small with mini; the console parses it with classic zod's functions (same core, same
 * messages). Unknown properties are ignored (newer authorizers may send more; a `token` is never
 * stored); known ones are checked strictly, and a malformed batch is refused whole (422).
 *
 * The types are aliases, not interfaces, so that they compare with the validator's loose objects
 * (see the check at the end).
 */

/** Why a policy (or the token, or the routing) failed. */
export type RequestEventFailure = {
  /** The failing validator (`token`, `routing`, `policy` or a policy validator's name). */
  validator?: string;
  message?: string;
  /** Which field of the request or token it concerned. */
  details?: string;
};

/** What the authorizer answered. */
export const REQUEST_RESULTS = ["AUTHORIZED", "UNAUTHORIZED"] as const;
export type RequestResult = (typeof REQUEST_RESULTS)[number];

/** Ours (docs/shadow-policies.md): what a shadow policy would have answered. */
export const SHADOW_RESULTS = ["allow", "deny", "broken"] as const;
export type ShadowResult = (typeof SHADOW_RESULTS)[number];

export type GatewayRequestEvent = {
  /** The configuration's API id the request matched (`apis[].id`); absent when none matched. */
  api_id?: string;
  /** How long the decision took, in milliseconds (fractions allowed). */
  duration_ms?: number;
  result: {
    result: RequestResult;
    failure?: RequestEventFailure[];
  };
  /** Ours: the API's shadow policy's result, when it has one. Consumers following the upstream schema ignore it. */
  shadow?: {
    policy_id: string;
    result: ShadowResult;
    failure?: RequestEventFailure[];
  };
  /**
   * Ours: what a replay through a draft policy needs of the request — its method, path (no query
   * string) and header names, lower-case. Never header values or the query.
   */
  request?: {
    method: string;
    path: string;
    header_names: string[];
  };
  /** The verified token's claims, without credential-like keys (protocol/credential-keys.ts). */
  invocation_ctx?: Record<string, unknown>;
  user_agent?: string;
  x_forwarded_for?: string;
  x_real_ip?: string;
};

export type GatewayRequestEvents = {
  /** At most 10,000 per push. */
  events: GatewayRequestEvent[];
};

/** The longest texts the console takes; an authorizer cuts (or leaves out) longer ones. */
export const EVENT_TEXT_LIMITS = { user_agent: 1000, x_forwarded_for: 1000, x_real_ip: 100, header_name: 256 } as const;

const optionalText = (max: number) => z.optional(z.string().check(z.maxLength(max)));

const failureList = z.optional(
  z.array(z.looseObject({ validator: optionalText(200), message: optionalText(2000), details: optionalText(4000) })).check(z.maxLength(50)),
);

/** A header name as the authorizer reports it (at most 256 characters; lower-cased here; values are never sent). */
const headerName = z.pipe(
  z.string().check(z.minLength(1), z.maxLength(EVENT_TEXT_LIMITS.header_name, `header names are at most ${EVENT_TEXT_LIMITS.header_name} characters`)),
  z.transform((h: string) => h.toLowerCase()),
);

export const gatewayRequestEventSchema = z.looseObject({
  api_id: optionalText(100),
  duration_ms: z.optional(z.number().check(z.gte(0), z.lte(86_400_000))),
  result: z.looseObject({
    result: z.enum(REQUEST_RESULTS),
    failure: failureList,
  }),
  shadow: z.optional(
    z.looseObject({
      policy_id: z.string().check(z.minLength(1, "cannot be empty"), z.maxLength(100, "at most 100 characters")),
      result: z.enum(SHADOW_RESULTS, "shadow.result must be allow, deny or broken"),
      failure: failureList,
    }),
  ),
  request: z.optional(
    z.looseObject({
      method: z.pipe(z.string().check(z.minLength(1), z.maxLength(16)), z.transform((m: string) => m.toUpperCase())),
      path: z.string().check(z.minLength(1), z.maxLength(2048)),
      header_names: z._default(z.array(headerName).check(z.maxLength(200, "at most 200 header names")), []),
    }),
  ),
  invocation_ctx: z.optional(z.record(z.string(), z.unknown())),
  user_agent: optionalText(EVENT_TEXT_LIMITS.user_agent),
  x_forwarded_for: optionalText(EVENT_TEXT_LIMITS.x_forwarded_for),
  x_real_ip: optionalText(EVENT_TEXT_LIMITS.x_real_ip),
});

/** The one validator of a batch; what it outputs is GatewayRequestEvents. */
export const gatewayRequestEventsSchema = z.looseObject({
  events: z.array(gatewayRequestEventSchema).check(z.maxLength(10_000, "at most 10000 events per push")),
});

// The hand-written types and the validator are one: what passes is GatewayRequestEvents, and
// every GatewayRequestEvents a sender builds is what the validator takes.
type Assert<T extends true> = T;
type _OneDefinition = [
  Assert<z.output<typeof gatewayRequestEventsSchema> extends GatewayRequestEvents ? true : false>,
  Assert<GatewayRequestEvents extends z.input<typeof gatewayRequestEventsSchema> ? true : false>,
];
