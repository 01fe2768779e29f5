-- First-run setup links: while no user exists and no admin is configured by
-- environment, each starting instance logs a one-time link. Only the SHA-256
-- of its token is kept; the first completed setup marks its token used and
-- removes the others.
CREATE TABLE IF NOT EXISTS "setup_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
