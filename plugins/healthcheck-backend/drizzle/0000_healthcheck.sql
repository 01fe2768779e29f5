CREATE TABLE "check_state" (
	"check_id" uuid NOT NULL,
	"system_id" text NOT NULL,
	"status" text NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"recent" text DEFAULT '' NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_message" text,
	CONSTRAINT "check_state_check_id_system_id_pk" PRIMARY KEY("check_id","system_id")
);
--> statement-breakpoint
CREATE TABLE "check_systems" (
	"check_id" uuid NOT NULL,
	"system_id" text NOT NULL,
	CONSTRAINT "check_systems_check_id_system_id_pk" PRIMARY KEY("check_id","system_id")
);
--> statement-breakpoint
CREATE TABLE "checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"strategy_id" text NOT NULL,
	"config" jsonb NOT NULL,
	"interval_seconds" integer NOT NULL,
	"timeout_ms" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"assertions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollups_daily" (
	"check_id" uuid NOT NULL,
	"system_id" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"failures" integer NOT NULL,
	"latency_p50" double precision,
	"latency_p95" double precision,
	"latency_max" double precision,
	CONSTRAINT "rollups_daily_check_id_system_id_bucket_pk" PRIMARY KEY("check_id","system_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "rollups_hourly" (
	"check_id" uuid NOT NULL,
	"system_id" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"failures" integer NOT NULL,
	"latency_p50" double precision,
	"latency_p95" double precision,
	"latency_max" double precision,
	CONSTRAINT "rollups_hourly_check_id_system_id_bucket_pk" PRIMARY KEY("check_id","system_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"check_id" uuid NOT NULL,
	"system_id" text NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"healthy" boolean NOT NULL,
	"message" text,
	"metadata" jsonb,
	"instance_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule" (
	"check_id" uuid NOT NULL,
	"system_id" text NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	CONSTRAINT "schedule_check_id_system_id_pk" PRIMARY KEY("check_id","system_id")
);
--> statement-breakpoint
CREATE TABLE "system_status" (
	"system_id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "system_thresholds" (
	"system_id" text PRIMARY KEY NOT NULL,
	"thresholds" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "check_state" ADD CONSTRAINT "check_state_check_id_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_systems" ADD CONSTRAINT "check_systems_check_id_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule" ADD CONSTRAINT "schedule_check_id_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_state_system_idx" ON "check_state" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "check_systems_system_idx" ON "check_systems" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "rollups_daily_system_bucket_idx" ON "rollups_daily" USING btree ("system_id","bucket");--> statement-breakpoint
CREATE INDEX "rollups_hourly_system_bucket_idx" ON "rollups_hourly" USING btree ("system_id","bucket");--> statement-breakpoint
CREATE INDEX "runs_system_started_idx" ON "runs" USING btree ("system_id","started_at");--> statement-breakpoint
CREATE INDEX "runs_check_system_started_idx" ON "runs" USING btree ("check_id","system_id","started_at");--> statement-breakpoint
CREATE INDEX "runs_started_idx" ON "runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "schedule_next_run_idx" ON "schedule" USING btree ("next_run_at");