import type { Pool, QueryResultRow } from "pg";

/**
 * Reads or writes plugin tables from a test as a service principal: with no
 * principal set, row-level security hides every row, even from the owner.
 */
export async function queryAsService<R extends QueryResultRow>(pool: Pool, text: string, values: unknown[] = []): Promise<R[]> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(`SELECT set_config('checkstack.principal', '{"type":"service","pluginId":"test"}', true)`);
    const result = await client.query<R>(text, values);
    await client.query("COMMIT");
    return result.rows;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
