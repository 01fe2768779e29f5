import type { NotificationDatabase } from "../database";
import { timeline } from "../schema";

/** Appends to an alert's timeline, in the caller's transaction. */
export async function record(database: NotificationDatabase, alertId: string, event: string, detail: string | null = null): Promise<void> {
  await database.insert(timeline).values({ alertId, event, detail });
}
