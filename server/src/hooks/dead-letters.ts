import type { Pool } from "pg";
import { LIST_DEAD_LETTERS } from "./hook-statements";

export interface DeadLetter {
  queue: string;
  jobId: string;
  hookId: string;
  payload: unknown;
  error: string | null;
  failedAt: Date;
}

interface DeadLetterRow {
  name: string;
  id: string;
  data: { hookId?: string; payload?: unknown } | null;
  output: { message?: string; value?: { message?: string } } | null;
  created_on: Date;
}

/** Work-queue hook events that used up their retries, newest first (read-only over pg-boss's tables). */
export async function listHookDeadLetters(pool: Pool, limit = 100): Promise<DeadLetter[]> {
  const result = await pool.query<DeadLetterRow>(LIST_DEAD_LETTERS, [Math.max(1, Math.min(limit, 1000))]);
  return result.rows.map((row) => ({
    queue: row.name.slice(0, -".dead".length),
    jobId: row.id,
    hookId: row.data?.hookId ?? "unknown",
    payload: row.data?.payload,
    error: row.output?.message ?? row.output?.value?.message ?? null,
    failedAt: row.created_on,
  }));
}
