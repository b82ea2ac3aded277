import { z } from "zod";
import { stackSettingsSchema } from "./parameters";
import { STACK_NAME, STACK_NAME_RULE } from "./name";

export const createStackBodySchema = z.object({
  stack_name: z.string().trim().regex(STACK_NAME, STACK_NAME_RULE).optional(),
  acknowledge_iam: z.literal(true, { error: "Acknowledge that the stack creates IAM resources (CAPABILITY_IAM)." }),
  settings: stackSettingsSchema.optional(),
});
export type CreateStackBody = z.infer<typeof createStackBodySchema>;

export const updateStackBodySchema = z.object({
  settings: stackSettingsSchema.optional(),
  /** The stack record's version the form was based on (409 when the stack changed meanwhile). */
  version: z.number().int().min(1).optional(),
});
export type UpdateStackBody = z.infer<typeof updateStackBodySchema>;

export const deleteStackBodySchema = z.object({
  confirm_stack_name: z.string().min(1, "Type the stack's name to confirm."),
});
export type DeleteStackBody = z.infer<typeof deleteStackBodySchema>;
