/**
 * The read-paths benchmark's data: 500 systems and 2,000 checks (four a
 * system) in three teams, each team owning a third of the systems and half of
 * those team-only; check state and system status for every system; and runs:
 * one a minute for a day for one check (the history path), hourly for a day
 * for every other check, so the history query runs over a table that holds
 * other checks' runs too. Written as the database owner (row security does not
 * apply to it), in a few set-based statements, so seeding takes seconds.
 */
import type { Client } from "pg";

export const SYSTEMS = 500;
export const CHECKS_PER_SYSTEM = 4;

export interface Seeded {
  teamIds: string[];
  /** A system of team A (the user's team), team-only: the one-row reads. */
  systemId: string;
  /** A check of that system whose day of runs the history path reads. */
  checkId: string;
  /** The 50 systems whose status one call asks for (all readable by the user). */
  statusSystemIds: string[];
}

export async function seedTeams(client: Client): Promise<string[]> {
  const teams = await client.query<{ id: string }>("INSERT INTO checkstack.teams (name) VALUES ('bench A'), ('bench B'), ('bench C') RETURNING id");
  return teams.rows.map((row) => row.id);
}

export async function seedReadPaths(client: Client, teamIds: string[]): Promise<Seeded> {
  await client.query(
    `INSERT INTO plugin_catalog.systems (name, description, owner_team_id, links, metadata)
     SELECT format('system %s', lpad(n::text, 4, '0')), 'seeded for the read-paths benchmark', ($1::uuid[])[1 + n % 3],
            '[{"label":"Docs","url":"https://docs.example.com"}]'::jsonb, '{"tier":"2"}'::jsonb
       FROM generate_series(1, $2::int) AS n`,
    [teamIds, SYSTEMS],
  );
  // The owner team's grant, as the catalog records it; every other system of a team is team-only.
  await client.query(
    `INSERT INTO checkstack.resource_grants (resource_type, resource_id, team_id, can_read, can_manage)
     SELECT 'catalog.system', id::text, owner_team_id, true, true FROM plugin_catalog.systems WHERE owner_team_id IS NOT NULL`,
  );
  await client.query(
    `INSERT INTO checkstack.resource_settings (resource_type, resource_id, team_only)
     SELECT 'catalog.system', id::text, true FROM (SELECT id, row_number() OVER (ORDER BY name) AS n FROM plugin_catalog.systems) s WHERE n % 2 = 0`,
  );
  await client.query(
    `INSERT INTO plugin_healthcheck.checks (name, strategy_id, config, interval_seconds, timeout_ms, enabled)
     SELECT format('check %s', n), 'http', '{}'::jsonb, 60, 5000, false FROM generate_series(1, $1::int) AS n`,
    [SYSTEMS * CHECKS_PER_SYSTEM],
  );
  await client.query(
    `INSERT INTO plugin_healthcheck.check_systems (check_id, system_id)
     SELECT c.id, s.id::text
       FROM (SELECT id, row_number() OVER (ORDER BY name) - 1 AS n FROM plugin_healthcheck.checks) c
       JOIN (SELECT id, row_number() OVER (ORDER BY name) - 1 AS n FROM plugin_catalog.systems) s ON s.n = c.n / $1`,
    [CHECKS_PER_SYSTEM],
  );
  await client.query(
    `INSERT INTO plugin_healthcheck.check_state (check_id, system_id, status, recent, last_run_at, last_message)
     SELECT check_id, system_id, 'healthy', '1111', now(), 'HTTP 200' FROM plugin_healthcheck.check_systems`,
  );
  await client.query(
    `INSERT INTO plugin_healthcheck.system_status (system_id, status, since) SELECT id::text, 'healthy', now() - interval '1 day' FROM plugin_catalog.systems`,
  );
  // A readable (team A, team-only) system and its first check.
  const chosen = await client.query<{ system_id: string; check_id: string }>(
    `SELECT cs.system_id, cs.check_id FROM plugin_healthcheck.check_systems cs
       JOIN plugin_catalog.systems s ON s.id::text = cs.system_id
       JOIN checkstack.resource_settings r ON r.resource_type = 'catalog.system' AND r.resource_id = cs.system_id AND r.team_only
      WHERE s.owner_team_id = $1 ORDER BY s.name, cs.check_id LIMIT 1`,
    [teamIds[0]],
  );
  const { system_id: systemId, check_id: checkId } = chosen.rows[0] ?? { system_id: "", check_id: "" };
  await client.query(
    `INSERT INTO plugin_healthcheck.runs (check_id, system_id, scheduled_at, started_at, duration_ms, healthy, message, instance_id)
     SELECT $1::uuid, $2, t, t, 40 + (extract(epoch FROM t)::int % 30), true, 'HTTP 200', 'bench'
       FROM generate_series(now() - interval '1 day', now() - interval '1 minute', interval '1 minute') AS t`,
    [checkId, systemId],
  );
  await client.query(
    `INSERT INTO plugin_healthcheck.runs (check_id, system_id, scheduled_at, started_at, duration_ms, healthy, message, instance_id)
     SELECT cs.check_id, cs.system_id, t, t, 50, true, 'HTTP 200', 'bench'
       FROM plugin_healthcheck.check_systems cs CROSS JOIN generate_series(now() - interval '1 day', now(), interval '1 hour') AS t
      WHERE cs.check_id <> $1::uuid`,
    [checkId],
  );
  const readable = await client.query<{ id: string }>(
    `SELECT s.id::text FROM plugin_catalog.systems s
      WHERE s.owner_team_id = $1
         OR NOT EXISTS (SELECT 1 FROM checkstack.resource_settings r WHERE r.resource_type = 'catalog.system' AND r.resource_id = s.id::text AND r.team_only)
      ORDER BY s.name LIMIT 50`,
    [teamIds[0]],
  );
  // Settled before measuring: no autovacuum of the fresh rows during the first path.
  await client.query("VACUUM ANALYZE");
  return { teamIds, systemId, checkId, statusSystemIds: readable.rows.map((row) => row.id) };
}

/** Shrinks the catalog to its first `keep` systems (and their checks' data): the "latency at 10 systems" figure. */
export async function shrinkTo(client: Client, keep: number): Promise<void> {
  const gone = `(SELECT id::text FROM plugin_catalog.systems ORDER BY name OFFSET ${Number(keep)})`;
  await client.query(`DELETE FROM plugin_healthcheck.runs WHERE system_id IN ${gone}`);
  await client.query(`DELETE FROM plugin_healthcheck.check_state WHERE system_id IN ${gone}`);
  await client.query(`DELETE FROM plugin_healthcheck.system_status WHERE system_id IN ${gone}`);
  await client.query(`DELETE FROM plugin_healthcheck.checks WHERE id IN (SELECT check_id FROM plugin_healthcheck.check_systems WHERE system_id IN ${gone})`);
  await client.query(`DELETE FROM checkstack.resource_settings WHERE resource_type = 'catalog.system' AND resource_id IN ${gone}`);
  await client.query(`DELETE FROM checkstack.resource_grants WHERE resource_type = 'catalog.system' AND resource_id IN ${gone}`);
  await client.query(`DELETE FROM plugin_catalog.systems WHERE id::text IN ${gone}`);
  await client.query("ANALYZE");
}
