import { z } from "zod";
import { stackSettingsSchema } from "./parameters";
import { STACK_NAME, STACK_NAME_RULE } from "./name";

/** `GET …/stack?refresh=1`: read new events from AWS now. */
export const stackStateQuerySchema = z.object({ refresh: z.enum(["1", "true", "0", "false"]).optional() });

/** Quick-create link: optional stack name and settings (the body may be left out). */
export const quickCreateBodySchema = z
  .object({ stack_name: z.string().trim().regex(STACK_NAME, STACK_NAME_RULE).optional(), settings: stackSettingsSchema.optional() })
  .optional();

export const createStackBodySchema = z.object({
  stack_name: z.string().trim().regex(STACK_NAME, STACK_NAME_RULE).optional(),
  acknowledge_iam: z.literal(true, { error: "Acknowledge that the stack creates IAM resources (CAPABILITY_IAM)." }),
  settings: stackSettingsSchema.optional(),
});
export type CreateStackBody = z.infer<typeof createStackBodySchema>;

export const updateStackBodySchema = z.object({
  settings: stackSettingsSchema.optional(),
  /** The stack record's version the form was based on (409 when the stack changed meanwhile). */
  version: z.number().int().min(1).optional().meta({ description: "The stack record's version the form was based on (or the If-Match header); left out, the update is unconditional." }),
});
export type UpdateStackBody = z.infer<typeof updateStackBodySchema>;

export const deleteStackBodySchema = z.object({
  confirm_stack_name: z.string().min(1, "Type the stack's name to confirm."),
});
export type DeleteStackBody = z.infer<typeof deleteStackBodySchema>;
