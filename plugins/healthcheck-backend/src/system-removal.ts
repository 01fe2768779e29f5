import { eq } from "drizzle-orm";
import type { HealthcheckDatabase } from "./scheduler/claim";
import { checkState, checkSystems, schedule, systemStatus, systemThresholds } from "./schema";

/**
 * Forgets a system the catalog deleted: it leaves every check's system list,
 * its pairs are unscheduled (a check left with no system is no longer run),
 * and its judgements, status and thresholds go. Runs already recorded stay
 * until retention prunes them. A run of it still in flight is not recorded:
 * the result writer only honours a lease whose pair still exists.
 * Idempotent, so a redelivered event is harmless.
 */
export async function forgetSystem(database: HealthcheckDatabase, systemId: string): Promise<{ checks: number }> {
  return database.transaction(async (tx) => {
    const unassigned = await tx.delete(checkSystems).where(eq(checkSystems.systemId, systemId)).returning({ checkId: checkSystems.checkId });
    await tx.delete(schedule).where(eq(schedule.systemId, systemId));
    await tx.delete(checkState).where(eq(checkState.systemId, systemId));
    await tx.delete(systemStatus).where(eq(systemStatus.systemId, systemId));
    await tx.delete(systemThresholds).where(eq(systemThresholds.systemId, systemId));
    return { checks: unassigned.length };
  });
}

/** Answers which of the given system ids still exist; undefined when nobody can say (no catalog installed). */
export type ExistingSystems = (systemIds: string[]) => Promise<Set<string> | undefined>;

const LOOKUP_BATCH = 1000;

/**
 * Catches up on deletions this plugin never heard of (made before it
 * subscribed, or before it existed): every system the checks name that the
 * catalog no longer knows is forgotten. Returns the ids forgotten.
 */
export async function forgetDeletedSystems(database: HealthcheckDatabase, existing: ExistingSystems): Promise<string[]> {
  const named = await database.selectDistinct({ systemId: checkSystems.systemId }).from(checkSystems);
  const forgotten: string[] = [];
  for (let start = 0; start < named.length; start += LOOKUP_BATCH) {
    const ids = named.slice(start, start + LOOKUP_BATCH).map((row) => row.systemId);
    const known = await existing(ids);
    if (!known) return forgotten;
    for (const id of ids.filter((candidate) => !known.has(candidate))) {
      await forgetSystem(database, id);
      forgotten.push(id);
    }
  }
  return forgotten;
}
