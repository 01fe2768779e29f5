CREATE TABLE "occurrences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"window_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"announce_at" timestamp with time zone NOT NULL,
	"upcoming_announced_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"cancelled_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"system_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"start_local" text NOT NULL,
	"end_local" text NOT NULL,
	"timezone" text NOT NULL,
	"recurrence" jsonb NOT NULL,
	"until_local" text,
	"upcoming_lead_minutes" integer DEFAULT 60 NOT NULL,
	"owner_team_id" uuid,
	"created_by" text NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"materialised_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "occurrences" ADD CONSTRAINT "occurrences_window_id_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "occurrences_window_start_idx" ON "occurrences" USING btree ("window_id","starts_at");--> statement-breakpoint
CREATE INDEX "occurrences_due_announce_idx" ON "occurrences" USING btree ("announce_at") WHERE status = 'scheduled' AND upcoming_announced_at IS NULL;--> statement-breakpoint
CREATE INDEX "occurrences_due_start_idx" ON "occurrences" USING btree ("starts_at") WHERE status = 'scheduled';--> statement-breakpoint
CREATE INDEX "occurrences_due_end_idx" ON "occurrences" USING btree ("ends_at") WHERE status = 'in_progress';--> statement-breakpoint
CREATE INDEX "windows_created_id_idx" ON "windows" USING btree ("created_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX "windows_system_ids_idx" ON "windows" USING gin ("system_ids");