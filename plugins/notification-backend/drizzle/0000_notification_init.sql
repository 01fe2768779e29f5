CREATE TABLE "acknowledgements" (
	"alert_id" uuid PRIMARY KEY NOT NULL,
	"acknowledged_by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_rule_state" (
	"alert_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"next_reminder_at" timestamp with time zone,
	"escalation_step" integer DEFAULT 0 NOT NULL,
	"next_escalation_at" timestamp with time zone,
	CONSTRAINT "alert_rule_state_alert_id_rule_id_pk" PRIMARY KEY("alert_id","rule_id")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"system_id" uuid NOT NULL,
	"system_name" text NOT NULL,
	"severity" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"parent_alert_id" uuid,
	"upstream_system_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reason" text,
	"opened_at" timestamp with time zone NOT NULL,
	"escalated_at" timestamp with time zone,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"owner_team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"alert_ids" jsonb NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"provider_status" integer,
	"error" text,
	"attempt" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"collecting" boolean DEFAULT false NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"title" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"alert_id" uuid NOT NULL,
	"rule_id" uuid,
	"channel_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"message_id" uuid NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"selection" jsonb NOT NULL,
	"severity" text NOT NULL,
	"channel_ids" jsonb NOT NULL,
	"notify_recovery" boolean DEFAULT true NOT NULL,
	"reminder_minutes" integer,
	"reminder_max_count" integer DEFAULT 12 NOT NULL,
	"escalation" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"grouping_seconds" integer DEFAULT 30 NOT NULL,
	"template" text,
	"owner_team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "silences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"target_type" text NOT NULL,
	"target_id" uuid NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"system_id" uuid NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "system_state" (
	"system_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"changed_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timeline" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"event" text NOT NULL,
	"detail" text
);
--> statement-breakpoint
ALTER TABLE "acknowledgements" ADD CONSTRAINT "acknowledgements_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rule_state" ADD CONSTRAINT "alert_rule_state_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline" ADD CONSTRAINT "timeline_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_rule_state_reminder_idx" ON "alert_rule_state" USING btree ("next_reminder_at");--> statement-breakpoint
CREATE INDEX "alert_rule_state_escalation_idx" ON "alert_rule_state" USING btree ("next_escalation_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open_per_system" ON "alerts" USING btree ("system_id") WHERE state = 'open';--> statement-breakpoint
CREATE INDEX "alerts_parent_idx" ON "alerts" USING btree ("parent_alert_id");--> statement-breakpoint
CREATE INDEX "alerts_opened_idx" ON "alerts" USING btree ("opened_at");--> statement-breakpoint
CREATE INDEX "delivery_attempts_channel_idx" ON "delivery_attempts" USING btree ("channel_id","at");--> statement-breakpoint
CREATE INDEX "delivery_attempts_at_idx" ON "delivery_attempts" USING btree ("at");--> statement-breakpoint
CREATE INDEX "delivery_attempts_message_idx" ON "delivery_attempts" USING btree ("message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_collecting_per_channel" ON "messages" USING btree ("channel_id") WHERE collecting;--> statement-breakpoint
CREATE INDEX "messages_state_due_idx" ON "messages" USING btree ("state","due_at");--> statement-breakpoint
CREATE INDEX "messages_channel_idx" ON "messages" USING btree ("channel_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_message_idx" ON "notifications" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "notifications_alert_idx" ON "notifications" USING btree ("alert_id");--> statement-breakpoint
CREATE INDEX "silences_target_idx" ON "silences" USING btree ("target_type","target_id","until");--> statement-breakpoint
CREATE INDEX "status_changes_system_at_idx" ON "status_changes" USING btree ("system_id","at");--> statement-breakpoint
CREATE INDEX "timeline_alert_idx" ON "timeline" USING btree ("alert_id","id");