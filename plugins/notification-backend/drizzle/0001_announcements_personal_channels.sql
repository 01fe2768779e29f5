CREATE TABLE "announcements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"channel_id" uuid NOT NULL,
	"rule_id" uuid,
	"kind" text NOT NULL,
	"content" jsonb NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "owner_user_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "announcements_dedupe_key" ON "announcements" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "announcements_state_idx" ON "announcements" USING btree ("state","created_at");--> statement-breakpoint
-- Personal channels (owner_user_id set) are seen and changed only by their owner, admins and the
-- platform's services. RESTRICTIVE: it narrows the platform's resource policies on this table (rules
-- and team grants decide as for any channel), never widens them; the platform's boot-time policy
-- refresh replaces only its own checkstack_* policies, so this one stays.
CREATE POLICY "notification_personal_channels" ON "channels" AS RESTRICTIVE FOR ALL
  USING (
    "owner_user_id" IS NULL
    OR ((SELECT checkstack.current_principal()) ->> 'type') = 'service'
    OR (((SELECT checkstack.current_principal()) ->> 'type') = 'user' AND ((SELECT checkstack.current_principal()) ->> 'id') = "owner_user_id")
    OR 'admin' = ANY (checkstack.principal_role_ids((SELECT checkstack.current_principal())))
  )
  WITH CHECK (
    "owner_user_id" IS NULL
    OR ((SELECT checkstack.current_principal()) ->> 'type') = 'service'
    OR (((SELECT checkstack.current_principal()) ->> 'type') = 'user' AND ((SELECT checkstack.current_principal()) ->> 'id') = "owner_user_id")
    OR 'admin' = ANY (checkstack.principal_role_ids((SELECT checkstack.current_principal())))
  );
