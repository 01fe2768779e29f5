import type { PoolClient } from "pg";
import { qualifyAccessRuleId, type AccessRule } from "@checkstack/common";
import { GRANT_DEFAULT_RULES, REVOKE_LOST_DEFAULT_GRANTS, UPSERT_ACCESS_RULES } from "./access-statements";

/**
 * Stores a plugin's access rules and grants its default rules to "users" and
 * its public rules to "anonymous" — except those an admin removed, which
 * disabled_default_access_rule remembers. Idempotent; runs under the plugin's
 * migration lock, so instances starting together do it one after another.
 * Rules the plugin no longer registers are removed with their grants; a rule
 * that is no longer default or public loses the grant it had for being so.
 */
export async function syncAccessRules(client: PoolClient, pluginId: string, rules: ReadonlyArray<AccessRule>): Promise<void> {
  const rows = rules.map((rule) => ({
    id: rule.id,
    description: rule.description ?? null,
    resource_type: rule.resource ? qualifyAccessRuleId(pluginId, rule.resource) : null,
    level: rule.level ?? null,
    is_default: rule.isDefault === true,
    is_public: rule.isPublic === true,
  }));
  // A rule that stops being default (public) loses the grant the sync gave it first: existing
  // installations follow a plugin that makes a rule private (see REVOKE_LOST_DEFAULT_GRANTS).
  await client.query(REVOKE_LOST_DEFAULT_GRANTS, [pluginId, JSON.stringify(rows)]);
  await client.query(UPSERT_ACCESS_RULES, [pluginId, JSON.stringify(rows)]);
  await client.query(GRANT_DEFAULT_RULES, [pluginId]);
}
