import { sql } from "drizzle-orm";
import type { EscalationStep } from "@checkstack/notification-common";
import type { NotificationDatabase } from "../database";
import { acknowledgements, alertRuleState, alerts, deliveryAttempts, messages, notifications, rules, statusChanges } from "../schema";
import { writeOutbox, type EnqueueDelivery } from "./outbox";
import { record } from "./timeline";

interface ClaimedReminder extends Record<string, unknown> {
  alert_id: string;
  rule_id: string;
  reminders_sent: number;
  channel_ids: string[];
  grouping_seconds: number;
}

interface ClaimedEscalation extends Record<string, unknown> {
  alert_id: string;
  rule_id: string;
  escalation_step: number;
  escalation: EscalationStep[];
  grouping_seconds: number;
}

/** Open, unfolded, unacknowledged: the alerts that still remind and escalate. */
const live = sql`a.state = 'open' AND a.parent_alert_id IS NULL AND NOT EXISTS (SELECT 1 FROM ${acknowledgements} k WHERE k.alert_id = a.id)`;

/**
 * Due reminders, claimed by compare-and-set: the UPDATE moves next_reminder_at on and counts the
 * reminder in one statement, so of any number of instances ticking at once exactly one claims each
 * (the others' UPDATE finds the row no longer due after the lock). Each claim writes outbox rows
 * keyed "<alert>:<channel>:reminder:<n>" in the same transaction.
 */
export async function claimReminders(database: NotificationDatabase, enqueue: EnqueueDelivery): Promise<number> {
  const claimed = await database.execute<ClaimedReminder>(sql`
    UPDATE ${alertRuleState} s
       SET reminders_sent = s.reminders_sent + 1,
           next_reminder_at = CASE WHEN s.reminders_sent + 1 < r.reminder_max_count THEN now() + make_interval(mins => r.reminder_minutes) END
      FROM ${alerts} a, ${rules} r
     WHERE s.next_reminder_at <= now() AND a.id = s.alert_id AND r.id = s.rule_id AND r.reminder_minutes IS NOT NULL
       AND s.reminders_sent < r.reminder_max_count AND ${live}
    RETURNING s.alert_id::text AS alert_id, s.rule_id::text AS rule_id, s.reminders_sent, r.channel_ids, r.grouping_seconds`);
  let written = 0;
  for (const row of claimed.rows) {
    for (const channelId of row.channel_ids) {
      const dedupeKey = `${row.alert_id}:${channelId}:reminder:${row.reminders_sent}`;
      if (await writeOutbox(database, { alertId: row.alert_id, ruleId: row.rule_id, channelId, kind: "reminder", dedupeKey, groupingSeconds: row.grouping_seconds }, enqueue)) written++;
    }
    await record(database, row.alert_id, "reminder", `reminder ${row.reminders_sent}`);
  }
  return written;
}

/** Due escalation steps, claimed the same way: the step counter moves on in the claiming statement. */
export async function claimEscalations(database: NotificationDatabase, enqueue: EnqueueDelivery): Promise<number> {
  const claimed = await database.execute<ClaimedEscalation>(sql`
    UPDATE ${alertRuleState} s
       SET escalation_step = s.escalation_step + 1,
           next_escalation_at = CASE WHEN jsonb_array_length(r.escalation) > s.escalation_step + 1
             THEN a.opened_at + make_interval(mins => (r.escalation -> (s.escalation_step + 1) ->> 'afterMinutes')::int) END
      FROM ${alerts} a, ${rules} r
     WHERE s.next_escalation_at <= now() AND a.id = s.alert_id AND r.id = s.rule_id
       AND jsonb_array_length(r.escalation) > s.escalation_step AND ${live}
    RETURNING s.alert_id::text AS alert_id, s.rule_id::text AS rule_id, s.escalation_step, r.escalation, r.grouping_seconds`);
  let written = 0;
  for (const row of claimed.rows) {
    // escalation_step is the new count: the step just claimed is the one before it.
    const step = row.escalation[row.escalation_step - 1];
    if (!step) continue;
    for (const channelId of step.channelIds) {
      const dedupeKey = `${row.alert_id}:${channelId}:escalation:${row.escalation_step}`;
      if (await writeOutbox(database, { alertId: row.alert_id, ruleId: row.rule_id, channelId, kind: "escalated", dedupeKey, groupingSeconds: row.grouping_seconds }, enqueue)) written++;
    }
    await record(database, row.alert_id, "escalation", `unacknowledged after ${step.afterMinutes} minutes: step ${row.escalation_step} notified`);
  }
  return written;
}

/** Messages due but not in flight (a job that used up its retries): handed to the queue again. */
export async function overdueMessages(database: NotificationDatabase): Promise<string[]> {
  const rows = await database.execute<{ id: string }>(sql`
    SELECT id::text AS id FROM ${messages} WHERE state IN ('open', 'retrying') AND due_at < now() - interval '60 seconds' LIMIT 500`);
  return rows.rows.map((row) => row.id);
}

/** Retention: the delivery log and finished messages after deliveryLogDays, resolved alerts after alertDays. */
export async function applyRetention(database: NotificationDatabase, deliveryLogDays: number, alertDays: number): Promise<void> {
  await database.execute(sql`DELETE FROM ${deliveryAttempts} WHERE at < now() - make_interval(days => ${deliveryLogDays})`);
  await database.execute(sql`DELETE FROM ${statusChanges} WHERE at < now() - interval '1 day'`);
  await database.execute(sql`DELETE FROM ${alerts} WHERE state = 'resolved' AND resolved_at < now() - make_interval(days => ${alertDays})`);
  await database.execute(sql`
    DELETE FROM ${messages} m WHERE m.state IN ('delivered', 'dropped', 'failed') AND m.created_at < now() - make_interval(days => ${deliveryLogDays})
       AND NOT EXISTS (SELECT 1 FROM ${notifications} n JOIN ${alerts} a ON a.id = n.alert_id WHERE n.message_id = m.id AND a.state = 'open')`);
}
