-- Plugins the cluster removed: an instance that was down during the removal
-- must not record them again from its own plugins directory when it returns.
-- Installing the plugin again deletes its row here.
CREATE TABLE IF NOT EXISTS "checkstack"."plugin_removals" (
	"plugin_id" text PRIMARY KEY NOT NULL,
	"removed_at" timestamp with time zone DEFAULT now() NOT NULL
);
