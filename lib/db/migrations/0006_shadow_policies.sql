ALTER TABLE "apis" ADD COLUMN "shadow_policy_id" uuid;--> statement-breakpoint
ALTER TABLE "decision_events" ADD COLUMN "shadow_policy_id" text;--> statement-breakpoint
ALTER TABLE "decision_events" ADD COLUMN "shadow_result" text;--> statement-breakpoint
ALTER TABLE "decision_events" ADD COLUMN "shadow_failures" jsonb;--> statement-breakpoint
ALTER TABLE "decision_events" ADD COLUMN "request_method" text;--> statement-breakpoint
ALTER TABLE "decision_events" ADD COLUMN "request_path" text;--> statement-breakpoint
ALTER TABLE "decision_events" ADD COLUMN "request_header_names" jsonb;--> statement-breakpoint
ALTER TABLE "apis" ADD CONSTRAINT "apis_shadow_policy_id_policies_id_fk" FOREIGN KEY ("shadow_policy_id") REFERENCES "public"."policies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "apis_shadow_policy_idx" ON "apis" USING btree ("shadow_policy_id");