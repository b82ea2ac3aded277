import { z } from "zod";

/**
 * The system API's query string. The bodies authorizers send are the protocol's: the
 * discovered-groups push (protocol/discovery.ts) and the decision events
 * (protocol/decision-events.ts), one validator each, shared with the authorizer.
 */

/** `?authorizer_version=` on every system call (Cloudentity's default: `latest`). */
export const systemQuerySchema = z.looseObject({
  authorizer_version: z
    .string()
    .trim()
    .max(100, "at most 100 characters")
    .regex(/^[A-Za-z0-9._+~-]*$/, "letters, digits and . _ + ~ - only")
    .optional(),
});
