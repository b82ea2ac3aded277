import { z } from "zod";

export const refreshEnforcementBodySchema = z
  .strictObject({ gateway_id: z.uuid("gateway_id must be a uuid").optional() })
  .optional();

export type RefreshEnforcementBody = z.infer<typeof refreshEnforcementBodySchema>;
