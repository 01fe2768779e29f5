-- "system A depends on system B": dependency-aware alerting folds A's alerts into B's while B is down.
CREATE TABLE IF NOT EXISTS "system_dependencies" (
	"system_id" uuid NOT NULL,
	"depends_on_id" uuid NOT NULL,
	"impact" text DEFAULT 'critical' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "system_dependencies_system_id_depends_on_id_pk" PRIMARY KEY("system_id","depends_on_id"),
	CONSTRAINT "system_dependencies_not_self" CHECK ("system_id" <> "depends_on_id"),
	CONSTRAINT "system_dependencies_impact" CHECK ("impact" IN ('critical', 'degraded'))
);
--> statement-breakpoint
ALTER TABLE "system_dependencies" ADD CONSTRAINT "system_dependencies_system_id_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "systems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_dependencies" ADD CONSTRAINT "system_dependencies_depends_on_id_systems_id_fk" FOREIGN KEY ("depends_on_id") REFERENCES "systems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "system_dependencies_depends_on_idx" ON "system_dependencies" USING btree ("depends_on_id");
