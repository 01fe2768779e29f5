CREATE TABLE "managed" (
	"section" text NOT NULL,
	"resource_id" text NOT NULL,
	"name" text NOT NULL,
	"digest" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "managed_section_resource_id_pk" PRIMARY KEY("section","resource_id")
);
--> statement-breakpoint
CREATE TABLE "applies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creates" integer NOT NULL,
	"updates" integer NOT NULL,
	"deletes" integer NOT NULL,
	"changes" jsonb NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
