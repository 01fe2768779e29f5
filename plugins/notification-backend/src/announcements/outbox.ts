import { eq } from "drizzle-orm";
import type { SystemContext } from "@checkstack/catalog-common";
import type { NotificationDatabase } from "../database";
import { ruleCovers } from "../pipeline/rule-matching";
import { announcements, rules, type AnnouncementContent } from "../schema";

/** Sends one announcement: a queue job per row, enqueued in the transaction that writes it. */
export type EnqueueAnnouncement = (announcementId: string) => Promise<void>;

export interface AnnouncementEntry {
  /** Unique per event: "incident:<update id>", "maintenance:<occurrence id>:started". */
  eventKey: string;
  kind: "incident" | "maintenance";
  content: AnnouncementContent;
  /** The affected systems as the catalog describes them (groups and owner decide which rules cover them). */
  systems: ReadonlyArray<Pick<SystemContext, "systemId" | "groupIds" | "ownerTeamId">>;
}

/**
 * Writes one row per channel of the enabled rules covering any affected system (a channel named by
 * several rules is told once), inside the hook delivery's transaction. The unique dedupe key makes a
 * second writer of the same event write nothing. Returns the rows written.
 */
export async function writeAnnouncements(database: NotificationDatabase, entry: AnnouncementEntry, enqueue: EnqueueAnnouncement): Promise<number> {
  if (entry.systems.length === 0) return 0;
  const enabled = await database.select().from(rules).where(eq(rules.enabled, true));
  const channelRule = new Map<string, string>();
  for (const rule of enabled) {
    if (!entry.systems.some((system) => ruleCovers(rule, system))) continue;
    for (const channelId of rule.channelIds) if (!channelRule.has(channelId)) channelRule.set(channelId, rule.id);
  }
  let written = 0;
  for (const [channelId, ruleId] of channelRule) {
    const [row] = await database
      .insert(announcements)
      .values({ dedupeKey: `${entry.eventKey}:${channelId}`, channelId, ruleId, kind: entry.kind, content: entry.content })
      .onConflictDoNothing({ target: announcements.dedupeKey })
      .returning({ id: announcements.id });
    if (!row) continue;
    await enqueue(row.id);
    written++;
  }
  return written;
}
