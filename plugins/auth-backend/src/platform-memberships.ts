import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * Roles and teams of a principal as subqueries on the platform's access
 * tables (checkstack.principal_roles, checkstack.team_members), so a user or
 * application is read with its memberships in one round trip: the
 * authenticator runs on every request. Read-only: every change goes through
 * AccessAdministration, which owns these tables.
 */
export function assignedRoles(type: "user" | "application", id: AnyPgColumn): SQL<string[]> {
  return sql<string[]>`ARRAY(SELECT pr.role_id FROM checkstack.principal_roles pr
    WHERE pr.principal_type = ${type} AND pr.principal_id = ${id}::text ORDER BY pr.role_id)`;
}

export function memberTeams(type: "user" | "application", id: AnyPgColumn): SQL<string[]> {
  return sql<string[]>`ARRAY(SELECT tm.team_id::text FROM checkstack.team_members tm
    WHERE tm.principal_type = ${type} AND tm.principal_id = ${id}::text ORDER BY tm.team_id)`;
}
