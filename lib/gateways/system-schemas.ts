import { z } from "zod";
import { MAX_RELOAD_INTERVAL_MS, MIN_RELOAD_INTERVAL_MS } from "../../protocol/settings/catalogue";
import { SYSTEM_QUERY } from "../../protocol/system-query";

/**
 * The system API's query string. The bodies authorizers send are the protocol's: the
 * discovered-groups push (protocol/discovery.ts) and the decision events
 * (protocol/decision-events.ts), one validator each, shared with the authorizer.
 */

/** The system API's query parameters (protocol/system-query.ts); unknown ones are ignored. */
export const systemQuerySchema = z.looseObject({
  [SYSTEM_QUERY.authorizerVersion]: z
    .string()
    .trim()
    .max(100, "at most 100 characters")
    .regex(/^[A-Za-z0-9._+~-]*$/, "letters, digits and . _ + ~ - only")
    .optional(),
  [SYSTEM_QUERY.reloadIntervalMs]: z.coerce
    .number("must be a number of milliseconds")
    .int("must be a whole number of milliseconds")
    .min(MIN_RELOAD_INTERVAL_MS, `must be at least ${MIN_RELOAD_INTERVAL_MS} ms`)
    .max(MAX_RELOAD_INTERVAL_MS, `must be at most ${MAX_RELOAD_INTERVAL_MS} ms`)
    .optional(),
});
