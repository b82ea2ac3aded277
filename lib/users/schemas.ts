import { z } from "zod";
import { versionField, type Versioned } from "../api/if-match";
import { ROLES } from "../db/schema";

export const roleSchema = z.enum(ROLES);
export const usernameSchema = z
  .string()
  .trim()
  .min(2, "at least 2 characters")
  .max(64, "at most 64 characters")
  .regex(/^[A-Za-z0-9._@-]+$/, "letters, digits and . _ @ - only");
export const passwordSchema = z.string().min(12, "at least 12 characters").max(256, "at most 256 characters");

export const createUserBodySchema = z.strictObject({
  username: usernameSchema,
  display_name: z.string().trim().max(120).optional(),
  password: passwordSchema,
  role: roleSchema,
});

export const updateUserBodySchema = z
  .strictObject({
    version: versionField,
    display_name: z.string().trim().max(120).nullable().optional(),
    role: roleSchema.optional(),
    password: passwordSchema.optional(),
  })
  .refine((b) => b.display_name !== undefined || b.role !== undefined || b.password !== undefined, {
    message: "nothing to change: give display_name, role or password",
  });

export type CreateUserBody = z.infer<typeof createUserBodySchema>;
export type UpdateUserBody = Versioned<z.infer<typeof updateUserBodySchema>>;
