CREATE TABLE "checkstack"."access_epoch" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"epoch" bigint DEFAULT 1 NOT NULL,
	CONSTRAINT "access_epoch_singleton" CHECK ("checkstack"."access_epoch"."singleton")
);
--> statement-breakpoint
INSERT INTO "checkstack"."access_epoch" DEFAULT VALUES;
