CREATE TABLE "api_groups" (
	"gateway_id" uuid NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"metadata" jsonb NOT NULL,
	"apis" jsonb NOT NULL,
	"service_id" uuid,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_groups_gateway_id_id_pk" PRIMARY KEY("gateway_id","id")
);
--> statement-breakpoint
CREATE TABLE "apis" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"api_type" text DEFAULT 'rest' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"policy_id" uuid,
	"policy_changed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"target_name" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "decision_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"gateway_id" uuid NOT NULL,
	"api_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"result" text NOT NULL,
	"duration_ms" double precision,
	"failures" jsonb,
	"invocation_ctx" jsonb,
	"user_agent" text,
	"x_forwarded_for" text,
	"x_real_ip" text
);
--> statement-breakpoint
CREATE TABLE "gateways" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"type" text DEFAULT 'aws' NOT NULL,
	"create_and_bind_services_automatically" boolean DEFAULT false NOT NULL,
	"default_policy_id" uuid,
	"region" text NOT NULL,
	"settings" jsonb NOT NULL,
	"events_per_second" integer DEFAULT 10 NOT NULL,
	"last_active_at" timestamp with time zone,
	"last_authorizer_version" text,
	"config_revision" integer DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oauth_clients" (
	"client_id" text PRIMARY KEY NOT NULL,
	"gateway_id" uuid NOT NULL,
	"secret_encrypted" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"secret_rotated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"policy_name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"type" text DEFAULT 'api' NOT NULL,
	"language" text DEFAULT 'cloudentity' NOT NULL,
	"validators" jsonb NOT NULL,
	"builtin" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"gateway_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"alg" text DEFAULT 'ES256' NOT NULL,
	"private_jwk_encrypted" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "trusted_issuers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"issuer" text NOT NULL,
	"jwks_uri" text NOT NULL,
	"audiences" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"introspection_endpoint" text,
	"introspection_client_id" text,
	"introspection_client_secret_encrypted" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_groups" ADD CONSTRAINT "api_groups_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_groups" ADD CONSTRAINT "api_groups_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apis" ADD CONSTRAINT "apis_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apis" ADD CONSTRAINT "apis_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_events" ADD CONSTRAINT "decision_events_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateways" ADD CONSTRAINT "gateways_default_policy_id_policies_id_fk" FOREIGN KEY ("default_policy_id") REFERENCES "public"."policies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_clients" ADD CONSTRAINT "oauth_clients_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_groups_service_key" ON "api_groups" USING btree ("service_id");--> statement-breakpoint
CREATE UNIQUE INDEX "apis_service_method_path_key" ON "apis" USING btree ("service_id","method","path");--> statement-breakpoint
CREATE INDEX "apis_policy_idx" ON "apis" USING btree ("policy_id");--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_target_idx" ON "audit_events" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "decision_events_api_at_idx" ON "decision_events" USING btree ("api_id","at");--> statement-breakpoint
CREATE INDEX "decision_events_gateway_at_idx" ON "decision_events" USING btree ("gateway_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "gateways_tenant_name_key" ON "gateways" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "oauth_clients_gateway_key" ON "oauth_clients" USING btree ("gateway_id");--> statement-breakpoint
CREATE UNIQUE INDEX "policies_tenant_name_key" ON "policies" USING btree ("tenant_id",lower("policy_name"));--> statement-breakpoint
CREATE INDEX "services_gateway_idx" ON "services" USING btree ("gateway_id");--> statement-breakpoint
CREATE UNIQUE INDEX "trusted_issuers_tenant_issuer_key" ON "trusted_issuers" USING btree ("tenant_id","issuer");