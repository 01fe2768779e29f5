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
