import { pluginIdSchema } from "@checkstack/common";

export const PLATFORM_SCHEMA = "checkstack";
export const MIGRATIONS_SCHEMA = "checkstack_migrations";

/** "my-feature" -> "plugin_my_feature" */
export function pluginSchemaName(pluginId: string): string {
  return `plugin_${pluginIdSchema.parse(pluginId).replaceAll("-", "_")}`;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
