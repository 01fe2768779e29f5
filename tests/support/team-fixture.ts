import type { Pool } from "pg";
import type { Principal } from "@checkstack/backend-api";

/** Two teams with one member each, an administrator and an anonymous caller: the cast of a team-isolation test. */
export interface TeamCast {
  userA: Principal;
  userB: Principal;
  admin: Principal;
  anonymous: Principal;
  /** Team ids: userA is in A, userB in B. */
  team: { A: string; B: string };
}

/**
 * Principals named after `prefix` ("inc" → inc-a, inc-b, inc-admin), so several test files can
 * share one database without meeting each other's users. The teams are created by `seedTeams`.
 */
export function teamCast(prefix: string): TeamCast {
  return {
    userA: { type: "user", id: `${prefix}-a`, roles: [] },
    userB: { type: "user", id: `${prefix}-b`, roles: [] },
    admin: { type: "user", id: `${prefix}-admin`, roles: ["admin"] },
    anonymous: { type: "anonymous" },
    team: { A: "", B: "" },
  };
}

/** Writes the cast's admin role, its two teams and their members (as the owner: setup, not the thing tested). */
export async function seedTeams(pool: Pool, cast: TeamCast, prefix: string): Promise<void> {
  const label = prefix[0]!.toUpperCase() + prefix.slice(1);
  await pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', $1, 'admin')", [cast.admin.type === "user" ? cast.admin.id : ""]);
  const teams = await pool.query<{ id: string; name: string }>("INSERT INTO checkstack.teams (name) VALUES ($1), ($2) RETURNING id, name", [`${label} A`, `${label} B`]);
  for (const row of teams.rows) cast.team[row.name.endsWith(" A") ? "A" : "B"] = row.id;
  await pool.query("INSERT INTO checkstack.team_members (team_id, principal_type, principal_id) VALUES ($1, 'user', $2), ($3, 'user', $4)", [
    cast.team.A,
    `${prefix}-a`,
    cast.team.B,
    `${prefix}-b`,
  ]);
}

/** "allowed", or the refusal as "<code> <message>": what an access test compares. */
export function outcomeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "allowed",
    (error: { code?: string; message?: string }) => `${error.code ?? "?"} ${error.message ?? String(error)}`,
  );
}
