import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Page } from "@checkstack/statuspage-common";
import type { StatuspageDatabase } from "../database";
import { deliveries, subscribers } from "../schema";
import { confirmNotice } from "./notices";
import { countSignup, type SignupLimits } from "./rate-limit";
import { newNonce, tokenHolds, tokenSubject, type TokenKey, type TokenPurpose } from "./tokens";

type SubscriberRow = typeof subscribers.$inferSelect;

/**
 * The public side of e-mail subscriptions: sign-up (double opt-in), confirmation and unsubscribing.
 * Runs as the plugin's service principal (the public routes have no request transaction).
 */
export class Subscriptions {
  constructor(
    private readonly database: StatuspageDatabase,
    private readonly tokenKey: TokenKey,
  ) {}

  /**
   * Counts the request (committed on its own, so refused requests count too), then records a pending
   * subscriber and its confirmation mail in one transaction. An address already pending gets a new
   * confirmation mail; one already confirmed gets nothing. The caller answers the same in every case.
   * Returns the outbox row to start, if any.
   */
  async signUp(page: Page, address: string, limits: SignupLimits): Promise<string | null> {
    await countSignup(this.database, page.id, address, limits);
    return this.database.transaction(async (tx) => {
      const id = randomUUID();
      const [created] = await tx
        .insert(subscribers)
        .values({ id, pageId: page.id, kind: "email", target: address, state: "pending", tokenNonce: newNonce() })
        .onConflictDoNothing({ target: [subscribers.pageId, subscribers.kind, subscribers.target] })
        .returning();
      const subscriber =
        created ??
        (await tx
          .select()
          .from(subscribers)
          .where(and(eq(subscribers.pageId, page.id), eq(subscribers.kind, "email"), eq(subscribers.target, address)))
          .then((rows) => rows[0]));
      if (!subscriber || subscriber.state !== "pending") return null;
      const noticeId = `confirm.${randomUUID()}`;
      const [row] = await tx
        .insert(deliveries)
        .values({ dedupeKey: noticeId, subscriberId: subscriber.id, notice: confirmNotice(noticeId, { slug: page.slug, title: page.title }) })
        .returning({ id: deliveries.id });
      return row?.id ?? null;
    });
  }

  /** The page's subscriber a token was signed for, or null for a token that is forged, stale or for another page. */
  async holder(page: Page, token: string, purpose: TokenPurpose): Promise<SubscriberRow | null> {
    const subscriberId = tokenSubject(token);
    if (!subscriberId) return null;
    const [subscriber] = await this.database
      .select()
      .from(subscribers)
      .where(and(eq(subscribers.id, subscriberId), eq(subscribers.pageId, page.id)));
    if (!subscriber) return null;
    return tokenHolds(await this.tokenKey.get(), token, purpose, subscriber.id, subscriber.tokenNonce) ? subscriber : null;
  }

  /** pending → confirmed; a second click changes nothing. */
  async confirm(subscriber: SubscriberRow): Promise<void> {
    await this.database
      .update(subscribers)
      .set({ state: "confirmed", confirmedAt: new Date() })
      .where(and(eq(subscribers.id, subscriber.id), eq(subscribers.state, "pending")));
  }

  /** The subscriber is deleted (with its pending deliveries): nothing more is sent, and its tokens stop working. */
  async unsubscribe(subscriber: SubscriberRow): Promise<void> {
    await this.database.delete(subscribers).where(eq(subscribers.id, subscriber.id));
  }
}
