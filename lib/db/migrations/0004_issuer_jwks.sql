ALTER TABLE "trusted_issuers" ADD COLUMN "jwks" jsonb;--> statement-breakpoint
ALTER TABLE "trusted_issuers" ADD COLUMN "jwks_fetched_at" timestamp with time zone;