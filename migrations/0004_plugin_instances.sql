CREATE TABLE "checkstack"."instance_plugins" (
	"instance_id" text NOT NULL,
	"plugin_id" text NOT NULL,
	"state" text NOT NULL,
	"version" text,
	"loaded_at" timestamp with time zone,
	"error" text,
	"provides" text[] DEFAULT '{}'::text[] NOT NULL,
	"needs" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instance_plugins_instance_id_plugin_id_pk" PRIMARY KEY("instance_id","plugin_id"),
	CONSTRAINT "instance_plugins_state_check" CHECK ("checkstack"."instance_plugins"."state" in ('ready', 'loading', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "checkstack"."instances" (
	"id" text PRIMARY KEY NOT NULL,
	"hostname" text NOT NULL,
	"pid" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkstack"."plugin_operations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"plugin_id" text NOT NULL,
	"action" text NOT NULL,
	"delete_schema" boolean DEFAULT false NOT NULL,
	"requested_by" text NOT NULL,
	"request_id" text,
	"status" text DEFAULT 'running' NOT NULL,
	"error" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "plugin_operations_action_check" CHECK ("checkstack"."plugin_operations"."action" in ('install', 'deregister', 'disable', 'enable')),
	CONSTRAINT "plugin_operations_status_check" CHECK ("checkstack"."plugin_operations"."status" in ('running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "checkstack"."instance_plugins" ADD CONSTRAINT "instance_plugins_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "checkstack"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "instance_plugins_plugin_idx" ON "checkstack"."instance_plugins" USING btree ("plugin_id");--> statement-breakpoint
CREATE INDEX "instances_heartbeat_at_idx" ON "checkstack"."instances" USING btree ("heartbeat_at");--> statement-breakpoint
CREATE INDEX "plugin_operations_plugin_idx" ON "checkstack"."plugin_operations" USING btree ("plugin_id","id");