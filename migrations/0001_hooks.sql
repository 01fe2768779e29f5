CREATE TABLE "checkstack"."hook_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"hook_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"emitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkstack"."hook_subscriptions" (
	"hook_id" text NOT NULL,
	"plugin_id" text NOT NULL,
	"target" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hook_subscriptions_hook_id_plugin_id_target_pk" PRIMARY KEY("hook_id","plugin_id","target")
);
--> statement-breakpoint
CREATE INDEX "hook_outbox_emitted_at_idx" ON "checkstack"."hook_outbox" USING btree ("emitted_at");