import { and, desc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { NotFoundError } from "@checkstack/backend-api";
import type { Alert } from "@checkstack/notification-common";
import type { NotificationDatabase } from "./database";
import { acknowledgements, alerts, deliveryAttempts, messages, silences, timeline } from "./schema";
import { record } from "./pipeline/timeline";

type AlertRow = typeof alerts.$inferSelect;
type AckRow = typeof acknowledgements.$inferSelect;

function toAlert(row: AlertRow, ack: AckRow | undefined): Alert {
  return {
    id: row.id,
    systemId: row.systemId,
    systemName: row.systemName,
    severity: row.severity,
    state: row.state,
    parentAlertId: row.parentAlertId,
    openedAt: row.openedAt,
    escalatedAt: row.escalatedAt,
    resolvedAt: row.resolvedAt,
    acknowledgedAt: ack?.at ?? null,
    acknowledgedBy: ack?.acknowledgedBy ?? null,
    reason: row.reason,
  };
}

/** Alerts as the caller may see them (row security: as visible as their system), their timelines, acknowledgements and silences. */
export class AlertService {
  constructor(private readonly database: NotificationDatabase) {}

  async list(filter: { state: "open" | "resolved" | "all"; systemId?: string | undefined; limit: number }): Promise<Alert[]> {
    const conditions: SQL[] = [];
    if (filter.state !== "all") conditions.push(eq(alerts.state, filter.state));
    if (filter.systemId) conditions.push(eq(alerts.systemId, filter.systemId));
    const rows = await this.database
      .select({ alert: alerts, ack: acknowledgements })
      .from(alerts)
      .leftJoin(acknowledgements, eq(acknowledgements.alertId, alerts.id))
      .where(and(...conditions))
      .orderBy(desc(alerts.openedAt))
      .limit(filter.limit);
    return rows.map((row) => toAlert(row.alert, row.ack ?? undefined));
  }

  async get(alertId: string) {
    const [row] = await this.database
      .select({ alert: alerts, ack: acknowledgements })
      .from(alerts)
      .leftJoin(acknowledgements, eq(acknowledgements.alertId, alerts.id))
      .where(eq(alerts.id, alertId));
    if (!row) throw new NotFoundError(`No alert with id ${alertId}`);
    const entries = await this.database
      .select({ at: timeline.at, event: timeline.event, detail: timeline.detail })
      .from(timeline)
      .where(eq(timeline.alertId, alertId))
      .orderBy(timeline.id);
    return { ...toAlert(row.alert, row.ack ?? undefined), timeline: entries };
  }

  /** Stops reminders and escalation (the tick skips acknowledged alerts); idempotent. */
  async acknowledge(alertId: string, by: string): Promise<Alert> {
    const [row] = await this.database.select().from(alerts).where(eq(alerts.id, alertId));
    if (!row) throw new NotFoundError(`No alert with id ${alertId}`);
    const inserted = await this.database.insert(acknowledgements).values({ alertId, acknowledgedBy: by }).onConflictDoNothing().returning();
    if (inserted.length > 0) await record(this.database, alertId, "acknowledged", `by ${by}`);
    return (await this.get(alertId)) satisfies Alert;
  }

  async listSilences() {
    return this.database.select().from(silences).orderBy(desc(silences.createdAt)).limit(500);
  }

  async createSilence(input: { targetType: "system" | "group" | "rule"; targetId: string; until: Date; reason: string }, createdBy: string | null) {
    const [row] = await this.database
      .insert(silences)
      .values({ ...input, createdBy })
      .returning();
    if (!row) throw new Error("inserting a silence returned no row");
    return row;
  }

  async endSilence(silenceId: string): Promise<boolean> {
    const ended = await this.database
      .update(silences)
      .set({ until: sql`now()` })
      .where(and(eq(silences.id, silenceId), gt(silences.until, sql`now()`)))
      .returning({ id: silences.id });
    return ended.length > 0;
  }
}

/** The delivery log and the messages behind it. */
export class DeliveryLog {
  constructor(private readonly database: NotificationDatabase) {}

  async attempts(filter: { channelId?: string | undefined; alertId?: string | undefined; limit: number }) {
    const conditions: SQL[] = [];
    if (filter.channelId) conditions.push(eq(deliveryAttempts.channelId, filter.channelId));
    if (filter.alertId) conditions.push(sql`${deliveryAttempts.alertIds} ? ${filter.alertId}`);
    return this.database
      .select()
      .from(deliveryAttempts)
      .where(and(...conditions))
      .orderBy(desc(deliveryAttempts.at))
      .limit(filter.limit);
  }

  async messages(filter: { channelId?: string | undefined; state?: string | undefined; limit: number }) {
    const conditions: SQL[] = [];
    if (filter.channelId) conditions.push(eq(messages.channelId, filter.channelId));
    if (filter.state) conditions.push(eq(messages.state, filter.state as "open"));
    return this.database
      .select()
      .from(messages)
      .where(and(...conditions))
      .orderBy(desc(messages.createdAt))
      .limit(filter.limit);
  }

  async exists(messageId: string): Promise<boolean> {
    return (await this.database.select({ id: messages.id }).from(messages).where(eq(messages.id, messageId))).length > 0;
  }

  /** A failed message starts over (same id, attempts from 0); false when it is not failed. */
  async retry(messageId: string): Promise<boolean> {
    const retried = await this.database
      .update(messages)
      .set({ state: "retrying", attempts: 0, dueAt: sql`now()`, lastError: null })
      .where(and(eq(messages.id, messageId), inArray(messages.state, ["failed"])))
      .returning({ id: messages.id });
    return retried.length > 0;
  }
}
