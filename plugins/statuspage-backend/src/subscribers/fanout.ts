import { and, eq, inArray } from "drizzle-orm";
import type { HookDelivery } from "@checkstack/backend-api";
import type { StatuspageDatabase } from "../database";
import { deliveries, pages, subscribers } from "../schema";
import type { Notice } from "./notices";
import type { EnqueueDelivery } from "./sender";

type PageRow = typeof pages.$inferSelect;

export interface FanoutDeps {
  database: StatuspageDatabase;
  enqueue: EnqueueDelivery;
  /** The systems of a catalog group (asked as this plugin's service principal). */
  groupSystems(groupId: string): Promise<string[]>;
}

/** Whether a page shows any of the systems, directly or through a group. */
async function pageShows(page: PageRow, systemIds: ReadonlySet<string>, groupSystems: (groupId: string) => Promise<string[]>): Promise<boolean> {
  for (const item of page.sections.flatMap((section) => section.items)) {
    if (item.kind === "system" && systemIds.has(item.systemId)) return true;
    if (item.kind === "group" && (await groupSystems(item.groupId)).some((id) => systemIds.has(id))) return true;
  }
  return false;
}

/**
 * Turns one incident or maintenance event into one outbox row per confirmed subscriber of every
 * published page that shows an affected system, in the hook delivery's transaction. markHandled makes
 * a redelivered event a no-op, and the unique dedupe key (event, subscriber) makes a second writer's
 * rows vanish: each subscriber hears of each event once, cluster-wide.
 */
export async function fanOut(deps: FanoutDeps, delivery: HookDelivery, systemIds: readonly string[], notice: (page: { slug: string; title: string }) => Notice): Promise<number> {
  const wanted = new Set(systemIds);
  const published = await deps.database.select().from(pages).where(eq(pages.state, "published"));
  const groups = new Map<string, Promise<string[]>>();
  const groupSystems = (groupId: string) => {
    let found = groups.get(groupId);
    if (!found) groups.set(groupId, (found = deps.groupSystems(groupId)));
    return found;
  };
  const affected: PageRow[] = [];
  for (const page of published) if (await pageShows(page, wanted, groupSystems)) affected.push(page);
  if (!(await delivery.markHandled())) return 0;
  if (affected.length === 0) return 0;

  const byPage = new Map(affected.map((page) => [page.id, page]));
  const audience = await deps.database
    .select({ id: subscribers.id, pageId: subscribers.pageId })
    .from(subscribers)
    .where(and(inArray(subscribers.pageId, [...byPage.keys()]), eq(subscribers.state, "confirmed")));
  let written = 0;
  for (const subscriber of audience) {
    const page = byPage.get(subscriber.pageId);
    if (!page) continue;
    const [row] = await deps.database
      .insert(deliveries)
      .values({ dedupeKey: `${delivery.eventId}:${subscriber.id}`, subscriberId: subscriber.id, notice: notice({ slug: page.slug, title: page.title }) })
      .onConflictDoNothing({ target: deliveries.dedupeKey })
      .returning({ id: deliveries.id });
    if (row) {
      await deps.enqueue(row.id, 0);
      written++;
    }
  }
  return written;
}
