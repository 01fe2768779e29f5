import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import { ConflictError, InputError, sqlStateOf, UNIQUE_VIOLATION, type SecretService } from "@checkstack/backend-api";
import { newWebhookSecret } from "@checkstack/notification-kit";
import type { ListSubscribersInput, Subscriber } from "@checkstack/statuspage-common";
import type { StatuspageDatabase } from "../database";
import { subscribers } from "../schema";
import { newNonce } from "./tokens";
import { WEBHOOK_SECRET_SCHEMA, webhookSecretContext } from "./sender";

type SubscriberRow = typeof subscribers.$inferSelect;

const toSubscriber = (row: SubscriberRow): Subscriber => ({
  id: row.id,
  pageId: row.pageId,
  kind: row.kind,
  target: row.target,
  state: row.state,
  createdAt: row.createdAt,
  confirmedAt: row.confirmedAt,
});

/** Creation time at the cursor's (JavaScript's) millisecond precision, so a cursor compares equal to its row. */
const createdMs = sql<Date>`date_trunc('milliseconds', ${subscribers.createdAt})`.mapWith(subscribers.createdAt);

/** The cursor is the last row's creation time and id (oldest first; the id breaks ties). */
const encodeCursor = (row: SubscriberRow) => Buffer.from(`${row.createdAt.toISOString()}|${row.id}`, "utf8").toString("base64url");
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) throw new InputError("is not one this procedure handed out", { path: "cursor" });
  return { createdAt, id };
}

/** Subscribers as a page's managers see them; runs as the caller, in the request's transaction (so it is audited as them). */
export class SubscriberAdmin {
  constructor(
    private readonly database: StatuspageDatabase,
    private readonly secrets: SecretService,
  ) {}

  async list(input: ListSubscribersInput): Promise<{ items: Subscriber[]; nextCursor: string | null }> {
    const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
    const rows = await this.database
      .select()
      .from(subscribers)
      .where(
        and(
          eq(subscribers.pageId, input.pageId),
          after ? or(gt(createdMs, after.createdAt), and(eq(createdMs, after.createdAt), gt(subscribers.id, after.id))) : undefined,
        ),
      )
      .orderBy(asc(createdMs), asc(subscribers.id))
      .limit(input.limit + 1);
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return { items: page.map(toSubscriber), nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null };
  }

  /** True when the page had that subscriber. */
  async remove(pageId: string, subscriberId: string): Promise<boolean> {
    const removed = await this.database
      .delete(subscribers)
      .where(and(eq(subscribers.id, subscriberId), eq(subscribers.pageId, pageId)))
      .returning({ id: subscribers.id });
    return removed.length > 0;
  }

  /** A confirmed webhook subscriber (its managers added it, no opt-in needed) and its new secret. */
  async createWebhook(pageId: string, url: string): Promise<{ subscriber: Subscriber; secret: string }> {
    const id = randomUUID();
    const secret = newWebhookSecret();
    try {
      const [row] = await this.database
        .insert(subscribers)
        .values({
          id,
          pageId,
          kind: "webhook",
          target: url,
          webhookSecret: this.secrets.seal(WEBHOOK_SECRET_SCHEMA, { secret }, webhookSecretContext(id)),
          state: "confirmed",
          confirmedAt: new Date(),
          tokenNonce: newNonce(),
        })
        .returning();
      if (!row) throw new Error("insert returned no row");
      return { subscriber: toSubscriber(row), secret };
    } catch (error) {
      if (sqlStateOf(error) === UNIQUE_VIOLATION) throw new ConflictError(`The page already has a webhook subscriber at ${url}`);
      throw error;
    }
  }
}
