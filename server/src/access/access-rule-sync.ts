import type { PoolClient } from "pg";
import { qualifyAccessRuleId, type AccessRule } from "@checkstack/common";

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
  // A rule that stops being default (public) loses the grant to "users"
  // ("anonymous") that the sync gave it: existing installations follow a
  // plugin that makes a rule private. Only on that transition, read before the
  // upsert below records it, so grants an admin gives later are left alone.
  await client.query(
    `WITH incoming AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(id text, is_default boolean, is_public boolean))
     DELETE FROM checkstack.role_rules rr
      USING checkstack.access_rules stored JOIN incoming ON incoming.id = stored.id
      WHERE stored.plugin_id = $1 AND rr.rule_id = stored.id
        AND ((rr.role_id = 'users' AND stored.is_default AND NOT incoming.is_default)
          OR (rr.role_id = 'anonymous' AND stored.is_public AND NOT incoming.is_public))`,
    [pluginId, JSON.stringify(rows)],
  );
  await client.query(
    `WITH incoming AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb)
         AS r(id text, description text, resource_type text, level text, is_default boolean, is_public boolean)),
     removed AS (
       DELETE FROM checkstack.access_rules WHERE plugin_id = $1 AND id NOT IN (SELECT id FROM incoming))
     INSERT INTO checkstack.access_rules (id, plugin_id, description, resource_type, level, is_default, is_public)
     SELECT id, $1, description, resource_type, level, is_default, is_public FROM incoming
     ON CONFLICT (id) DO UPDATE SET
       plugin_id = EXCLUDED.plugin_id, description = EXCLUDED.description, resource_type = EXCLUDED.resource_type,
       level = EXCLUDED.level, is_default = EXCLUDED.is_default, is_public = EXCLUDED.is_public, updated_at = now()`,
    [pluginId, JSON.stringify(rows)],
  );
  await client.query(
    `INSERT INTO checkstack.role_rules (role_id, rule_id)
     SELECT grantee.role_id, r.id
       FROM checkstack.access_rules r
       JOIN (VALUES ('users', true), ('anonymous', false)) AS grantee(role_id, for_default)
         ON (grantee.for_default AND r.is_default) OR (NOT grantee.for_default AND r.is_public)
      WHERE r.plugin_id = $1
        AND NOT EXISTS (SELECT 1 FROM checkstack.disabled_default_access_rule d WHERE d.role_id = grantee.role_id AND d.rule_id = r.id)
     ON CONFLICT DO NOTHING`,
    [pluginId],
  );
}
