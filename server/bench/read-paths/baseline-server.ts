/**
 * The read-paths benchmark's baselines: a bare Elysia route per path, each
 * returning the same rows as the platform's procedure with plain pg queries —
 * no authentication, no access decision, no row security. "Visible to team A"
 * is written out as a plain WHERE clause over the same tables.
 */
import { Elysia } from "elysia";
import { Pool } from "pg";

const pool = new Pool({ connectionString: process.env["DATABASE_URL"], max: 10 });
const SYSTEM_COLUMNS = "id, name, description, owner_team_id, links, metadata, created_at, updated_at";
const visibleTo = (team: string) =>
  `(s.owner_team_id = '${team}'::uuid OR NOT EXISTS (SELECT 1 FROM checkstack.resource_settings r
     WHERE r.resource_type = 'catalog.system' AND r.resource_id = s.id::text AND r.team_only))`;
const teamA = process.env["BENCH_TEAM_A"] ?? "";

const app = new Elysia()
  .get("/system/:id", async ({ params }) => {
    const result = await pool.query(`SELECT ${SYSTEM_COLUMNS} FROM plugin_catalog.systems WHERE id = $1`, [params.id]);
    return result.rows[0] ?? null;
  })
  .get("/systems", async ({ query }) => {
    const limit = Number(query["limit"] ?? 1000);
    const owner = query["team"] ? `AND s.owner_team_id = '${String(query["team"]).replace(/[^0-9a-f-]/g, "")}'::uuid` : "";
    const result = await pool.query(`SELECT ${SYSTEM_COLUMNS} FROM plugin_catalog.systems s WHERE ${visibleTo(teamA)} ${owner} ORDER BY s.name, s.id LIMIT $1`, [
      limit,
    ]);
    return { systems: result.rows };
  })
  .get("/status", async ({ query }) => {
    const ids = String(query["ids"] ?? "").split(",");
    const [statuses, states] = await Promise.all([
      pool.query("SELECT system_id, status, since FROM plugin_healthcheck.system_status WHERE system_id = ANY($1::text[])", [ids]),
      pool.query(
        "SELECT check_id, system_id, status, consecutive_failures, last_run_at, last_message FROM plugin_healthcheck.check_state WHERE system_id = ANY($1::text[])",
        [ids],
      ),
    ]);
    return { statuses: statuses.rows, checks: states.rows };
  })
  .get("/history/:system/:check", async ({ params, query }) => {
    const limit = Number(query["limit"] ?? 5000);
    const result = await pool.query(
      `SELECT id, check_id, system_id, scheduled_at, started_at, duration_ms, healthy, message FROM plugin_healthcheck.runs
        WHERE system_id = $1 AND check_id = $2 AND started_at >= now() - interval '1 day' ORDER BY started_at DESC LIMIT $3`,
      [params.system, params.check, limit],
    );
    return result.rows;
  })
  .get("/public", async () => {
    const ratio = (table: string, window: string) =>
      `(SELECT CASE WHEN sum(count) > 0 THEN 1 - sum(failures)::float8 / sum(count) END FROM plugin_healthcheck.${table} x
         WHERE x.system_id = s.id::text AND x.bucket >= now() - interval '${window}')`;
    const result = await pool.query(
      `SELECT s.id, s.name, coalesce(st.status, 'unknown') AS status,
              ${ratio("rollups_hourly", "24 hours")} AS d1, ${ratio("rollups_hourly", "7 days")} AS d7,
              ${ratio("rollups_daily", "30 days")} AS d30, ${ratio("rollups_daily", "90 days")} AS d90
         FROM plugin_catalog.systems s LEFT JOIN plugin_healthcheck.system_status st ON st.system_id = s.id::text
        WHERE NOT EXISTS (SELECT 1 FROM checkstack.resource_settings r WHERE r.resource_type = 'catalog.system' AND r.resource_id = s.id::text AND r.team_only)
        ORDER BY s.name`,
    );
    return { systems: result.rows, generatedAt: new Date() };
  })
  .get("/ready", () => "ok");

const server = Bun.serve({ port: Number(process.env["PORT"]), hostname: "127.0.0.1", fetch: (request) => app.handle(request) });
process.stdout.write(`listening ${server.port}\n`);
process.on("SIGTERM", () => {
  void server.stop(true);
  void pool.end().then(() => process.exit(0));
});
