import { z } from "zod";

export const createRedeployBodySchema = z.object({
  gateway_id: z.uuid().optional(),
  /** Every connected stage, not only those whose enforcement changed since their last deployment. */
  all: z.boolean().optional(),
});
export type CreateRedeployBody = z.infer<typeof createRedeployBodySchema>;

export const listRedeployQuerySchema = z.object({
  active: z.enum(["1", "true", "0", "false"]).optional(),
});
