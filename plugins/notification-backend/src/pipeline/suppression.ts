import { and, eq, gt, inArray, or, sql } from "drizzle-orm";
import type { ExtensionPointCollection, Logger } from "@checkstack/backend-api";
import type { SystemContext } from "@checkstack/catalog-common";
import type { MaintenanceProvider } from "@checkstack/notification-common";
import type { NotificationDatabase } from "../database";
import { alerts, silences } from "../schema";

/** Why a change does not page (yet), in the order the checks run. */
export type Suppression =
  | { by: "maintenance"; detail: string }
  | { by: "dependency"; detail: string; upstreamAlertId: string; upstreamName: string }
  | { by: "silence"; detail: string }
  | { by: "flapping"; detail: string };

export interface SuppressionDeps {
  database: NotificationDatabase;
  maintenance: ExtensionPointCollection<MaintenanceProvider> | { list(): Array<{ impl: MaintenanceProvider }> };
  logger: Logger;
  flapChanges: number;
  flapWindowMinutes: number;
}

/** 1. Maintenance: the first provider that reports a window wins; a provider that fails does not hold a page back. */
export async function maintenanceOf(deps: SuppressionDeps, systemId: string, at: Date): Promise<Suppression | null> {
  for (const { impl } of deps.maintenance.list()) {
    try {
      const window = await impl.windowAt(systemId, at);
      if (window) return { by: "maintenance", detail: `in maintenance: ${window.title}${window.endsAt ? ` (until ${window.endsAt})` : ""}` };
    } catch (error) {
      deps.logger.warn("maintenance provider failed; not suppressing", { provider: impl.id, systemId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return null;
}

/** 2. Dependency: the nearest upstream system (critical path) with an open, unfolded alert takes this change. */
export async function upstreamAlertOf(deps: SuppressionDeps, system: SystemContext): Promise<Suppression | null> {
  const upstream = system.upstream.filter((entry) => entry.impact === "critical");
  if (upstream.length === 0) return null;
  const open = await deps.database
    .select({ id: alerts.id, systemId: alerts.systemId, parentAlertId: alerts.parentAlertId })
    .from(alerts)
    .where(and(eq(alerts.state, "open"), inArray(alerts.systemId, upstream.map((entry) => entry.systemId))));
  for (const entry of upstream) {
    const alert = open.find((candidate) => candidate.systemId === entry.systemId);
    if (!alert) continue;
    // The root of the fold: an upstream folded itself points further up.
    const rootId = alert.parentAlertId ?? alert.id;
    return { by: "dependency", detail: `${entry.name}, which this system depends on, is down: folded into its alert`, upstreamAlertId: rootId, upstreamName: entry.name };
  }
  return null;
}

/** 3. Silence: of the system, one of its groups, or (per rule) the rule. */
export async function silenceOf(deps: SuppressionDeps, system: SystemContext, ruleId: string | null): Promise<Suppression | null> {
  const targets = [and(eq(silences.targetType, "system"), eq(silences.targetId, system.systemId))];
  if (system.groupIds.length > 0) targets.push(and(eq(silences.targetType, "group"), inArray(silences.targetId, system.groupIds)));
  if (ruleId) targets.push(and(eq(silences.targetType, "rule"), eq(silences.targetId, ruleId)));
  const [silence] = await deps.database
    .select()
    .from(silences)
    .where(and(gt(silences.until, sql`now()`), or(...targets)))
    .limit(1);
  return silence ? { by: "silence", detail: `silenced (${silence.targetType}) until ${silence.until.toISOString()}: ${silence.reason}` } : null;
}

/**
 * 4. Flapping: more changes than allowed within the window hold notifications until the system settles.
 * `changes` counts the system's changes within flapWindowMinutes, this one included (read by the
 * statement that records the change).
 */
export function flappingOf(deps: Pick<SuppressionDeps, "flapChanges" | "flapWindowMinutes">, changes: number): Suppression | null {
  return changes > deps.flapChanges ? { by: "flapping", detail: `flapping: ${changes} changes in ${deps.flapWindowMinutes} minutes; held until it settles` } : null;
}
