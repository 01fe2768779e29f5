-- A stable id per emitted event (the same one for broadcast and work-queue
-- deliveries), and the record a work-queue handler writes in its own
-- transaction to make a redelivered job a no-op (delivery.markHandled()).
ALTER TABLE "checkstack"."hook_outbox" ADD COLUMN IF NOT EXISTS "event_id" uuid;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "checkstack"."hook_handled_events" (
	"event_id" uuid NOT NULL,
	"handler" text NOT NULL,
	"handled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hook_handled_events_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "hook_handled_events_handled_at_idx" ON "checkstack"."hook_handled_events" USING btree ("handled_at");
