CREATE TABLE "authorizer_stack_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"gateway_id" uuid NOT NULL,
	"stack_id" text NOT NULL,
	"operation_seq" integer NOT NULL,
	"event_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"logical_resource_id" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_status" text NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "authorizer_stacks" (
	"gateway_id" uuid PRIMARY KEY NOT NULL,
	"stack_name" text NOT NULL,
	"stack_id" text NOT NULL,
	"region" text NOT NULL,
	"account_id" text NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"operation" text NOT NULL,
	"operation_seq" integer DEFAULT 1 NOT NULL,
	"operation_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"artifacts_bucket" text NOT NULL,
	"code_key" text NOT NULL,
	"template_key" text NOT NULL,
	"template_sha256" text NOT NULL,
	"authorizer_version" text NOT NULL,
	"parameters" jsonb NOT NULL,
	"secret_rotated_at" timestamp with time zone,
	"resource_count" integer NOT NULL,
	"outputs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"events_cursor" text,
	"last_polled_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "console_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "redeploy_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid NOT NULL,
	"gateway_id" uuid,
	"rest_api_id" text NOT NULL,
	"api_name" text NOT NULL,
	"stage" text NOT NULL,
	"position" integer NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"requested_by" text NOT NULL,
	"requested_by_user_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"aws_deployment_id" text,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "redeploy_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" text NOT NULL,
	"region" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"requested_by" text NOT NULL,
	"requested_by_user_id" uuid,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stage_deployments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"region" text NOT NULL,
	"rest_api_id" text NOT NULL,
	"stage" text NOT NULL,
	"aws_deployment_id" text NOT NULL,
	"deployed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deployed_by" text NOT NULL,
	"deployed_by_user_id" uuid,
	"job_id" uuid,
	"gateway_id" uuid,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "authorizer_stack_events" ADD CONSTRAINT "authorizer_stack_events_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authorizer_stacks" ADD CONSTRAINT "authorizer_stacks_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redeploy_items" ADD CONSTRAINT "redeploy_items_job_id_redeploy_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."redeploy_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redeploy_items" ADD CONSTRAINT "redeploy_items_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_deployments" ADD CONSTRAINT "stage_deployments_job_id_redeploy_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."redeploy_jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_deployments" ADD CONSTRAINT "stage_deployments_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "authorizer_stack_events_event_key" ON "authorizer_stack_events" USING btree ("stack_id","event_id");--> statement-breakpoint
CREATE INDEX "authorizer_stack_events_gateway_idx" ON "authorizer_stack_events" USING btree ("gateway_id","operation_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "redeploy_items_job_stage_key" ON "redeploy_items" USING btree ("job_id","rest_api_id","stage");--> statement-breakpoint
CREATE INDEX "redeploy_items_job_idx" ON "redeploy_items" USING btree ("job_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "redeploy_jobs_active_key" ON "redeploy_jobs" USING btree ("account_id","region") WHERE "redeploy_jobs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "redeploy_jobs_created_idx" ON "redeploy_jobs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "stage_deployments_stage_idx" ON "stage_deployments" USING btree ("rest_api_id","stage","deployed_at");--> statement-breakpoint
CREATE INDEX "stage_deployments_region_idx" ON "stage_deployments" USING btree ("account_id","region","deployed_at");