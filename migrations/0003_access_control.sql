CREATE TABLE "checkstack"."access_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"plugin_id" text NOT NULL,
	"description" text,
	"resource_type" text,
	"level" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkstack"."audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"principal" text NOT NULL,
	"request_id" text,
	"schema_name" text NOT NULL,
	"table_name" text NOT NULL,
	"operation" text NOT NULL,
	"old_row" jsonb,
	"new_row" jsonb
);
--> statement-breakpoint
CREATE TABLE "checkstack"."disabled_default_access_rule" (
	"role_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"disabled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disabled_default_access_rule_role_id_rule_id_pk" PRIMARY KEY("role_id","rule_id")
);
--> statement-breakpoint
CREATE TABLE "checkstack"."principal_roles" (
	"principal_type" text NOT NULL,
	"principal_id" text NOT NULL,
	"role_id" text NOT NULL,
	CONSTRAINT "principal_roles_principal_type_principal_id_role_id_pk" PRIMARY KEY("principal_type","principal_id","role_id"),
	CONSTRAINT "principal_roles_type" CHECK ("checkstack"."principal_roles"."principal_type" in ('user', 'application'))
);
--> statement-breakpoint
CREATE TABLE "checkstack"."resource_grants" (
	"resource_type" text NOT NULL,
	"resource_id" text NOT NULL,
	"team_id" uuid NOT NULL,
	"can_read" boolean DEFAULT true NOT NULL,
	"can_manage" boolean DEFAULT false NOT NULL,
	CONSTRAINT "resource_grants_resource_type_resource_id_team_id_pk" PRIMARY KEY("resource_type","resource_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "checkstack"."resource_settings" (
	"resource_type" text NOT NULL,
	"resource_id" text NOT NULL,
	"team_only" boolean DEFAULT false NOT NULL,
	CONSTRAINT "resource_settings_resource_type_resource_id_pk" PRIMARY KEY("resource_type","resource_id")
);
--> statement-breakpoint
CREATE TABLE "checkstack"."role_rules" (
	"role_id" text NOT NULL,
	"rule_id" text NOT NULL,
	CONSTRAINT "role_rules_role_id_rule_id_pk" PRIMARY KEY("role_id","rule_id")
);
--> statement-breakpoint
CREATE TABLE "checkstack"."roles" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"is_system" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkstack"."team_members" (
	"team_id" uuid NOT NULL,
	"principal_type" text NOT NULL,
	"principal_id" text NOT NULL,
	"is_manager" boolean DEFAULT false NOT NULL,
	CONSTRAINT "team_members_team_id_principal_type_principal_id_pk" PRIMARY KEY("team_id","principal_type","principal_id"),
	CONSTRAINT "team_members_type" CHECK ("checkstack"."team_members"."principal_type" in ('user', 'application'))
);
--> statement-breakpoint
CREATE TABLE "checkstack"."teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "checkstack"."disabled_default_access_rule" ADD CONSTRAINT "disabled_default_access_rule_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "checkstack"."roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkstack"."principal_roles" ADD CONSTRAINT "principal_roles_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "checkstack"."roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkstack"."resource_grants" ADD CONSTRAINT "resource_grants_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "checkstack"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkstack"."role_rules" ADD CONSTRAINT "role_rules_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "checkstack"."roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkstack"."role_rules" ADD CONSTRAINT "role_rules_rule_id_access_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "checkstack"."access_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkstack"."team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "checkstack"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "checkstack"."audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_principal_at_idx" ON "checkstack"."audit_log" USING btree ("principal","at");--> statement-breakpoint
CREATE INDEX "audit_log_table_at_idx" ON "checkstack"."audit_log" USING btree ("schema_name","table_name","at");--> statement-breakpoint
CREATE INDEX "resource_grants_team_idx" ON "checkstack"."resource_grants" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "team_members_principal_idx" ON "checkstack"."team_members" USING btree ("principal_type","principal_id");