import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { SystemContext } from "@checkstack/catalog-common";
import type { SystemTransition } from "@checkstack/healthcheck-common";
import type { NotificationDatabase } from "../database";
import { alertRuleState, alerts, messages, notifications, rules, statusChanges, systemState } from "../schema";
import { writeOutbox, type EnqueueDelivery } from "./outbox";
import { ruleCovers, ruleFires, type RuleRow } from "./rule-matching";
import { flappingOf, maintenanceOf, silenceOf, upstreamAlertOf, type SuppressionDeps } from "./suppression";
import { record } from "./timeline";

type AlertRow = typeof alerts.$inferSelect;

export interface TransitionDeps extends SuppressionDeps {
  /** Name, owner, groups and dependencies of a system, from the catalog. */
  systemContext: (systemId: string) => Promise<SystemContext | null>;
  /** The failing check and its reason, from the health checks, when known. */
  reasonOf: (systemId: string) => Promise<string | null>;
  enqueue: EnqueueDelivery;
}

/** What applying a transition did, for logs and tests. */
export interface TransitionOutcome {
  applied: boolean;
  alertId: string | null;
  notifications: number;
}

/**
 * Applies one status change, inside the hook delivery's transaction (after markHandled): the alert
 * change, its timeline and an outbox row per (alert, channel, kind) commit together or not at all.
 * Changes of one system are serialised by its system_state row and applied only in time order.
 */
export async function applyTransition(deps: TransitionDeps, transition: SystemTransition): Promise<TransitionOutcome> {
  const { database } = deps;
  const at = new Date(transition.at);
  // The ordering guard, the change's own row and the system's recent changes (flapping) in one statement.
  const newer = await database.execute<{ system_id: string; recent: number }>(sql`
    WITH newer AS (
      INSERT INTO ${systemState} (system_id, status, changed_at) VALUES (${transition.systemId}, ${transition.status}, ${at.toISOString()})
      ON CONFLICT (system_id) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at
        WHERE ${systemState}.changed_at < excluded.changed_at
      RETURNING system_id
    ), logged AS (
      INSERT INTO ${statusChanges} (system_id, status, at) SELECT system_id, ${transition.status}, ${at.toISOString()}::timestamptz FROM newer
    )
    SELECT system_id::text AS system_id,
           (SELECT count(*)::int FROM ${statusChanges} WHERE system_id = newer.system_id AND at > now() - make_interval(mins => ${deps.flapWindowMinutes}))
             + (CASE WHEN ${at.toISOString()}::timestamptz > now() - make_interval(mins => ${deps.flapWindowMinutes}) THEN 1 ELSE 0 END) AS recent
      FROM newer`);
  const applied = newer.rows[0];
  if (!applied) return { applied: false, alertId: null, notifications: 0 };
  const recentChanges = Number(applied.recent);

  const [open] = await database
    .select()
    .from(alerts)
    .where(and(eq(alerts.systemId, transition.systemId), eq(alerts.state, "open")))
    .for("update");
  const status = transition.status;
  if (status === "healthy" || status === "unknown") {
    if (!open) return { applied: true, alertId: null, notifications: 0 };
    return resolve(deps, open);
  }

  const context = await deps.systemContext(transition.systemId);
  if (!context) return { applied: true, alertId: open?.id ?? null, notifications: 0 };
  const reason = await deps.reasonOf(transition.systemId);

  let alert: AlertRow;
  let change: "opened" | "escalated";
  if (!open) {
    const [created] = await database
      .insert(alerts)
      .values({
        systemId: context.systemId,
        systemName: context.name,
        severity: status,
        openedAt: at,
        reason,
        upstreamSystemIds: context.upstream.filter((entry) => entry.impact === "critical").map((entry) => entry.systemId),
      })
      .returning();
    if (!created) throw new Error("inserting an alert returned no row");
    alert = created;
    change = "opened";
    await record(database, alert.id, "opened", `${context.name} is ${status}${reason ? `: ${reason}` : ""}`);
  } else if (open.severity === "degraded" && status === "unhealthy") {
    const [updated] = await database
      .update(alerts)
      .set({ severity: "unhealthy", escalatedAt: at, ...(reason ? { reason } : {}) })
      .where(eq(alerts.id, open.id))
      .returning();
    if (!updated) throw new Error("escalating an alert returned no row");
    alert = updated;
    change = "escalated";
    await record(database, alert.id, "escalated", `degraded → unhealthy${reason ? `: ${reason}` : ""}`);
  } else {
    // unhealthy → degraded, or the same status again: the alert stays as it is, nobody is paged.
    if (open.severity !== status) {
      await database.update(alerts).set({ severity: status }).where(eq(alerts.id, open.id));
      await record(database, open.id, "improved", `${open.severity} → ${status}`);
    }
    return { applied: true, alertId: open.id, notifications: 0 };
  }

  const written = await notify(deps, alert, context, status, change, at, recentChanges);
  if (change === "opened") await foldDependants(deps, alert, context);
  return { applied: true, alertId: alert.id, notifications: written };
}

async function matchingRules(database: NotificationDatabase, context: SystemContext): Promise<RuleRow[]> {
  const enabled = await database.select().from(rules).where(eq(rules.enabled, true));
  return enabled.filter((rule) => ruleCovers(rule, context));
}

/** Suppression in order (maintenance → dependency → silence → flapping → dedupe), then the outbox rows. */
async function notify(
  deps: TransitionDeps,
  alert: AlertRow,
  context: SystemContext,
  status: "degraded" | "unhealthy",
  change: "opened" | "escalated",
  at: Date,
  recentChanges: number,
): Promise<number> {
  const { database } = deps;
  const maintenance = await maintenanceOf(deps, context.systemId, at);
  if (maintenance) {
    await record(database, alert.id, "suppressed", maintenance.detail);
    return 0;
  }
  const upstream = alert.parentAlertId ? null : await upstreamAlertOf(deps, context);
  if (upstream?.by === "dependency") {
    await database.update(alerts).set({ parentAlertId: upstream.upstreamAlertId }).where(eq(alerts.id, alert.id));
    await record(database, alert.id, "folded", upstream.detail);
    await record(database, upstream.upstreamAlertId, "affected", `${context.name} is affected`);
    return 0;
  }
  if (alert.parentAlertId) {
    await record(database, alert.id, "suppressed", "folded into the alert of a system it depends on");
    return 0;
  }
  const flapping = flappingOf(deps, recentChanges);
  let written = 0;
  for (const rule of await matchingRules(database, context)) {
    if (!ruleFires(rule, status)) continue;
    // A rule reached for the first time pages "firing", even when the alert itself escalated.
    const kind = change === "escalated" && rule.severity === "degraded" ? "escalated" : "firing";
    const silence = await silenceOf(deps, context, rule.id);
    if (silence) {
      await record(database, alert.id, "suppressed", `${rule.name}: ${silence.detail}`);
      continue;
    }
    if (flapping) {
      await record(database, alert.id, "suppressed", `${rule.name}: ${flapping.detail}`);
      continue;
    }
    for (const channelId of rule.channelIds) {
      const fresh = await writeOutbox(
        database,
        { alertId: alert.id, ruleId: rule.id, channelId, kind, dedupeKey: `${alert.id}:${channelId}:${kind}`, groupingSeconds: rule.groupingSeconds },
        deps.enqueue,
      );
      if (fresh) written++;
      else await record(database, alert.id, "deduplicated", `${kind} to channel ${channelId} already queued (${rule.name})`);
    }
    await startCadence(database, alert, rule);
  }
  return written;
}

/** Reminders and escalation of (alert, rule) are due from now on; the tick claims them. */
async function startCadence(database: NotificationDatabase, alert: AlertRow, rule: RuleRow): Promise<void> {
  const firstStep = rule.escalation[0];
  const nextReminderAt = rule.reminderMinutes ? sql`now() + make_interval(mins => ${rule.reminderMinutes})` : null;
  const nextEscalationAt = firstStep ? sql`${alert.openedAt.toISOString()}::timestamptz + make_interval(mins => ${firstStep.afterMinutes})` : null;
  await database
    .insert(alertRuleState)
    .values({ alertId: alert.id, ruleId: rule.id, nextReminderAt, nextEscalationAt })
    .onConflictDoNothing();
}

/** The system recovered: resolve, and tell the channels that were told it was down (rules with notifyRecovery). */
async function resolve(deps: TransitionDeps, open: AlertRow): Promise<TransitionOutcome> {
  const { database } = deps;
  await database.update(alerts).set({ state: "resolved", resolvedAt: sql`now()` }).where(eq(alerts.id, open.id));
  await database.update(alertRuleState).set({ nextReminderAt: null, nextEscalationAt: null }).where(eq(alertRuleState.alertId, open.id));
  await record(database, open.id, "resolved", `${open.systemName} is healthy again`);
  // Unsent notifications of the episode are moot now.
  await dropPending(database, [open.id], "resolved before it was sent");
  const told = await database
    .select({ ruleId: notifications.ruleId, channelId: notifications.channelId })
    .from(notifications)
    .where(and(eq(notifications.alertId, open.id), eq(notifications.state, "sent")));
  if (told.length === 0) return { applied: true, alertId: open.id, notifications: 0 };
  const ruleIds = [...new Set(told.map((entry) => entry.ruleId).filter((id): id is string => id !== null))];
  const recoveryRules = ruleIds.length === 0 ? [] : await database.select().from(rules).where(and(inArray(rules.id, ruleIds), eq(rules.notifyRecovery, true)));
  let written = 0;
  for (const rule of recoveryRules) {
    for (const channelId of new Set(told.filter((entry) => entry.ruleId === rule.id).map((entry) => entry.channelId))) {
      const fresh = await writeOutbox(
        database,
        { alertId: open.id, ruleId: rule.id, channelId, kind: "recovered", dedupeKey: `${open.id}:${channelId}:recovered`, groupingSeconds: rule.groupingSeconds },
        deps.enqueue,
      );
      if (fresh) written++;
    }
  }
  return { applied: true, alertId: open.id, notifications: written };
}

/** Marks pending notifications of these alerts dropped, when their message has not gone out yet. */
export async function dropPending(database: NotificationDatabase, alertIds: string[], why: string): Promise<void> {
  if (alertIds.length === 0) return;
  const dropped = await database
    .update(notifications)
    .set({ state: "dropped" })
    .where(
      and(
        inArray(notifications.alertId, alertIds),
        eq(notifications.state, "pending"),
        inArray(notifications.messageId, database.select({ id: messages.id }).from(messages).where(inArray(messages.state, ["open", "retrying"]))),
      ),
    )
    .returning({ alertId: notifications.alertId });
  for (const alertId of new Set(dropped.map((row) => row.alertId))) await record(database, alertId, "dropped", why);
}

/**
 * An upstream went down: alerts of its dependants that are already open fold into it, and their
 * notifications not yet sent are dropped, so one outage pages once ("api, web and worker are affected").
 */
async function foldDependants(deps: TransitionDeps, alert: AlertRow, context: SystemContext): Promise<void> {
  const downstream = context.downstream.filter((entry) => entry.impact === "critical");
  if (downstream.length === 0) return;
  const { database } = deps;
  const folded = await database
    .update(alerts)
    .set({ parentAlertId: alert.id })
    .where(and(eq(alerts.state, "open"), isNull(alerts.parentAlertId), inArray(alerts.systemId, downstream.map((entry) => entry.systemId))))
    .returning({ id: alerts.id, systemName: alerts.systemName });
  for (const child of folded) {
    await record(database, child.id, "folded", `${context.name}, which this system depends on, went down: folded into its alert`);
    await record(database, alert.id, "affected", `${child.systemName} is affected`);
  }
  await dropPending(database, folded.map((child) => child.id), `folded into ${context.name}'s alert`);
}
