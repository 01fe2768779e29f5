CREATE TABLE "beats" (
	"check_id" uuid PRIMARY KEY NOT NULL,
	"last_ping_at" timestamp with time zone,
	"last_kind" text,
	"last_message" text,
	"last_exit_status" integer,
	"started_at" timestamp with time zone,
	"last_duration_ms" integer,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL,
	"window_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ping_urls" (
	"check_id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ping_urls_token_hash_unique" UNIQUE("token_hash")
);
