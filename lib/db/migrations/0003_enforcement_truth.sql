CREATE TABLE "stage_enforcement" (
	"gateway_id" uuid NOT NULL,
	"rest_api_id" text NOT NULL,
	"stage" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"error" text,
	"deployment_id" text,
	"deployed_at" timestamp with time zone,
	"authorizer_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"authorizer_ttl_seconds" integer,
	"methods" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cache_flushed_at" timestamp with time zone,
	CONSTRAINT "stage_enforcement_gateway_id_rest_api_id_stage_pk" PRIMARY KEY("gateway_id","rest_api_id","stage")
);
--> statement-breakpoint
ALTER TABLE "api_groups" ADD COLUMN "gone_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gateways" ADD COLUMN "config_fetched_revision" integer;--> statement-breakpoint
ALTER TABLE "gateways" ADD COLUMN "config_fetched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gateways" ADD COLUMN "last_sync_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gateways" ADD COLUMN "sync_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "redeploy_items" ADD COLUMN "verification" jsonb;--> statement-breakpoint
ALTER TABLE "stage_enforcement" ADD CONSTRAINT "stage_enforcement_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE cascade ON UPDATE no action;