import type { NodePgDatabase } from "drizzle-orm/node-postgres";

/**
 * A plugin's database: drizzle bound to the plugin's own schema (plugin_<id>).
 * Inside a request it runs in that request's transaction, as the request's
 * principal; the raw client is not exposed, so session state cannot be changed.
 */
export type SafeDatabase<TSchema extends Record<string, unknown> = Record<string, never>> = Omit<
  NodePgDatabase<TSchema>,
  "$client"
>;
