CREATE TABLE "checkstack"."recurring_jobs" (
	"plugin_id" text NOT NULL,
	"name" text NOT NULL,
	"queue" text NOT NULL,
	"every_seconds" integer NOT NULL,
	"data" jsonb NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recurring_jobs_plugin_id_name_pk" PRIMARY KEY("plugin_id","name"),
	CONSTRAINT "recurring_jobs_every_seconds_check" CHECK ("checkstack"."recurring_jobs"."every_seconds" >= 1)
);
--> statement-breakpoint
CREATE INDEX "recurring_jobs_next_run_at_idx" ON "checkstack"."recurring_jobs" USING btree ("next_run_at");