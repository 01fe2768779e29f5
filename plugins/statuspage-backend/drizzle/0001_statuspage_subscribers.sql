CREATE TABLE "subscriber_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"notice" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "signup_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscribers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"page_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"target" text NOT NULL,
	"webhook_secret" jsonb,
	"state" text NOT NULL,
	"token_nonce" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "token_keys" (
	"id" integer PRIMARY KEY NOT NULL,
	"sealed" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "subscriber_deliveries" ADD CONSTRAINT "subscriber_deliveries_subscriber_id_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscribers" ADD CONSTRAINT "subscribers_page_id_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subscriber_deliveries_dedupe_idx" ON "subscriber_deliveries" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "subscriber_deliveries_due_idx" ON "subscriber_deliveries" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "signup_attempts_key_idx" ON "signup_attempts" USING btree ("scope","key","at");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_page_target_idx" ON "subscribers" USING btree ("page_id","kind","target");--> statement-breakpoint
CREATE INDEX "subscribers_page_state_idx" ON "subscribers" USING btree ("page_id","state");