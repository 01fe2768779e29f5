/**
 * The raw SQL of the access room, in one place: the access epoch, the sync of
 * a plugin's access rules, the protection of a plugin's schema, and the
 * decisions the RPC layer asks Postgres for (rpc/access-deciders.ts), and the
 * two questions the administration/ modules cannot put through drizzle's typed
 * builder (their other reads and writes use it over database/access-schema.ts).
 * Parameters in the order each comment gives.
 */
import { sql, type SQL } from "drizzle-orm";
import { principalRoles, teamMembers } from "../database/access-schema";

/** Where the cluster's access epoch (sql/025_access_epoch.sql) stands now. */
export const CURRENT_ACCESS_EPOCH = "SELECT epoch FROM checkstack.access_epoch";

/**
 * The decision (rules[], resource type, resource id) with the epoch it was read at: one statement, one
 * snapshot, so the epoch belongs to the decision next to it (AccessMemo relies on that).
 */
export const MAY_ALL_WITH_EPOCH = "SELECT checkstack.may_all($1::text[], $2, $3) AS ok, (SELECT epoch FROM checkstack.access_epoch) AS epoch";

/** The ids among (rule, resource type, ids[]) the scope's principal may use the rule on. */
export const PERMITTED_IDS = "SELECT checkstack.permitted_ids($1, $2, $3::text[]) AS id";

/**
 * Rule sync, step 1 (plugin id, rules json): a rule that stops being default (public) loses the grant to
 * "users" ("anonymous") the sync gave it. Only on that transition, read before step 2 records it, so grants
 * an admin gives later are left alone.
 */
export const REVOKE_LOST_DEFAULT_GRANTS = `WITH incoming AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(id text, is_default boolean, is_public boolean))
     DELETE FROM checkstack.role_rules rr
      USING checkstack.access_rules stored JOIN incoming ON incoming.id = stored.id
      WHERE stored.plugin_id = $1 AND rr.rule_id = stored.id
        AND ((rr.role_id = 'users' AND stored.is_default AND NOT incoming.is_default)
          OR (rr.role_id = 'anonymous' AND stored.is_public AND NOT incoming.is_public))`;

/** Rule sync, step 2 (plugin id, rules json): the plugin's rules become exactly the incoming ones. */
export const UPSERT_ACCESS_RULES = `WITH incoming AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb)
         AS r(id text, description text, resource_type text, level text, is_default boolean, is_public boolean)),
     removed AS (
       DELETE FROM checkstack.access_rules WHERE plugin_id = $1 AND id NOT IN (SELECT id FROM incoming))
     INSERT INTO checkstack.access_rules (id, plugin_id, description, resource_type, level, is_default, is_public)
     SELECT id, $1, description, resource_type, level, is_default, is_public FROM incoming
     ON CONFLICT (id) DO UPDATE SET
       plugin_id = EXCLUDED.plugin_id, description = EXCLUDED.description, resource_type = EXCLUDED.resource_type,
       level = EXCLUDED.level, is_default = EXCLUDED.is_default, is_public = EXCLUDED.is_public, updated_at = now()`;

/**
 * Rule sync, step 3 (plugin id): default rules granted to "users", public ones to "anonymous", except those
 * an admin removed (disabled_default_access_rule remembers them).
 */
export const GRANT_DEFAULT_RULES = `INSERT INTO checkstack.role_rules (role_id, rule_id)
     SELECT grantee.role_id, r.id
       FROM checkstack.access_rules r
       JOIN (VALUES ('users', true), ('anonymous', false)) AS grantee(role_id, for_default)
         ON (grantee.for_default AND r.is_default) OR (NOT grantee.for_default AND r.is_public)
      WHERE r.plugin_id = $1
        AND NOT EXISTS (SELECT 1 FROM checkstack.disabled_default_access_rule d WHERE d.role_id = grantee.role_id AND d.rule_id = r.id)
     ON CONFLICT DO NOTHING`;

/**
 * Gives the application role use of a plugin's schema and its tables and sequences. Takes quoted identifiers
 * (DDL takes no parameters); run in this order, after the schema exists.
 */
export function grantPluginSchema(quotedSchema: string, quotedRole: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${quotedSchema}`,
    `GRANT USAGE ON SCHEMA ${quotedSchema} TO ${quotedRole}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${quotedSchema} TO ${quotedRole}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${quotedSchema} TO ${quotedRole}`,
  ];
}

/** Per-row resource policies (schema, table, id column, resource type, read rule, manage rule); sql/035. */
export const PROTECT_SCOPED_TABLE = "SELECT checkstack.protect_scoped_table($1, $2, $3, $4, $5, $6)";

/** Bumps the access epoch on writes (schema, table, events "INSERT OR UPDATE ...") that can change access. */
export const TRACK_ACCESS_CHANGES = "SELECT checkstack.track_access_changes($1, $2, $3)";

/** Row-level security and the audit trigger on every table of the schema (schema, unaudited tables[]). */
export const PROTECT_PLUGIN_SCHEMA = "SELECT checkstack.protect_plugin_schema($1, $2::text[])";

/**
 * Whether a user or application principal manages the team: a manager row, or the admin role. Decided from the tables, never
 * from the roles a principal carries (those are informational); one query.
 */
export function managesTeamQuery(teamId: string, principal: { type: string; id: string }, adminRoleId: string): SQL {
  return sql`
      SELECT EXISTS (
          SELECT 1 FROM ${teamMembers}
           WHERE ${teamMembers.teamId} = ${teamId} AND ${teamMembers.principalType} = ${principal.type}
             AND ${teamMembers.principalId} = ${principal.id} AND ${teamMembers.isManager})
        OR EXISTS (
          SELECT 1 FROM ${principalRoles}
           WHERE ${principalRoles.principalType} = ${principal.type} AND ${principalRoles.principalId} = ${principal.id}
             AND ${principalRoles.roleId} = ${adminRoleId}) AS manages`;
}

/**
 * The rules the acting principal lacks to act on a subject (json or null) with the given roles and rules
 * (sql/022_authority.sql). Lists travel as JSON text: drizzle would spread an array into separate parameters.
 */
export function authorityGapQuery(subject: string | null, roles: string[] | undefined, rules: string[] | undefined): SQL {
  const asArray = (values: string[] | undefined) => sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values ?? [])}::jsonb))`;
  return sql`SELECT checkstack.authority_gap(checkstack.current_principal(), ${subject}::jsonb, ${asArray(roles)}, ${asArray(rules)}) AS missing`;
}
