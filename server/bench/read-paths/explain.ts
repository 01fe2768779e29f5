/**
 * EXPLAIN ANALYZE of the main list queries as the platform runs them: as the
 * application role, under row security, for the benchmark's user (team A),
 * with the principal signed as the platform signs it. "before" runs main's
 * query shapes without this branch's indexes (dropped inside the transaction,
 * which is rolled back), "after" the shapes the services now send.
 */
import type { Client } from "pg";
import { principalSettings, settingsStatement } from "../../src/database/scope-settings";

interface Plan {
  name: string;
  text: string;
  values?: unknown[];
  /** Statements run first in the same transaction (e.g. dropping the new indexes for a "before" plan). */
  setup?: string[];
}

async function explainAs(client: Client, principal: { userId: string; teamId: string }, plan: Plan): Promise<string> {
  const key = (await client.query<{ key: Buffer }>("SELECT signing_secret AS key FROM checkstack.principal_signing_key")).rows[0]?.key;
  const identity = principalSettings({ type: "user", id: principal.userId, email: "reader@example.test", roles: [], teams: [principal.teamId] }, key);
  await client.query("BEGIN");
  try {
    for (const statement of plan.setup ?? []) await client.query(statement);
    const settings = settingsStatement({ identity, requestId: "explain", readOnly: true, accessEpoch: undefined });
    await client.query(settings.text, [...(settings.values ?? [])]);
    const result = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) ${plan.text}`, plan.values ?? []);
    return result.rows.map((row) => row["QUERY PLAN"]).join("\n");
  } finally {
    await client.query("ROLLBACK");
  }
}

const COLUMNS = "id, name, description, owner_team_id, links, metadata, created_at, updated_at";
const WITHOUT_NEW_INDEXES = ["DROP INDEX plugin_catalog.systems_name_id_idx", "DROP INDEX plugin_catalog.systems_owner_name_id_idx"];

export async function printPlans(client: Client, principal: { userId: string; teamId: string }, ids: { systemIds: string[]; systemId: string; checkId: string }) {
  const plans: Plan[] = [
    { name: "listSystems, before (every row, by name)", text: `SELECT ${COLUMNS} FROM plugin_catalog.systems ORDER BY name`, setup: WITHOUT_NEW_INDEXES },
    { name: "listSystems, after (keyset page of 100)", text: `SELECT ${COLUMNS} FROM plugin_catalog.systems ORDER BY name, id LIMIT 101` },
    {
      name: "listSystems, after (next page)",
      text: `SELECT ${COLUMNS} FROM plugin_catalog.systems WHERE (name, id) > ($1, $2::uuid) ORDER BY name, id LIMIT 101`,
      values: ["system 0200", "00000000-0000-0000-0000-000000000000"],
    },
    {
      name: "team A's systems, before (no index on owner)",
      text: `SELECT ${COLUMNS} FROM plugin_catalog.systems WHERE owner_team_id = $1 ORDER BY name, id LIMIT 101`,
      values: [principal.teamId],
      setup: WITHOUT_NEW_INDEXES,
    },
    {
      name: "team A's systems, after",
      text: `SELECT ${COLUMNS} FROM plugin_catalog.systems WHERE owner_team_id = $1 ORDER BY name, id LIMIT 101`,
      values: [principal.teamId],
    },
    {
      name: "middleware list filter, before (checkstack.may per id)",
      text: "SELECT id FROM unnest($1::text[]) AS id WHERE checkstack.may('catalog.system.read', 'catalog.system', id)",
      values: [ids.systemIds],
    },
    { name: "middleware list filter, after (permitted_ids, set-based)", text: "SELECT checkstack.permitted_ids('catalog.system.read', 'catalog.system', $1::text[])", values: [ids.systemIds] },
    {
      name: "runs of one check, newest page of 500 (listSystemRuns)",
      text: `SELECT id, started_at FROM plugin_healthcheck.runs WHERE system_id = $1 AND check_id = $2::uuid
               AND check_id IN (SELECT id FROM plugin_healthcheck.checks) AND started_at >= now() - interval '1 day' AND started_at < now()
             ORDER BY started_at DESC, id DESC LIMIT 501`,
      values: [ids.systemId, ids.checkId],
    },
  ];
  for (const plan of plans) process.stdout.write(`\n--- ${plan.name}\n${await explainAs(client, principal, plan)}\n`);
}
