import { Feed } from "feed";
import type { PageSnapshot } from "./snapshot";

/** The history feeds: one entry per incident and per maintenance, newest first; the library escapes. */
export function historyFeed(snapshot: PageSnapshot, baseUrl: string, format: "rss" | "atom"): string {
  const pageUrl = `${baseUrl}/status/${snapshot.page.slug}`;
  const entries = [
    ...snapshot.incidents.map((incident) => ({
      title: `${incident.title} (${incident.status})`,
      id: `${pageUrl}/history#incident-${incident.id}`,
      link: `${pageUrl}/history#incident-${incident.id}`,
      date: incident.updatedAt,
      published: incident.createdAt,
      description: incident.updates.map((update) => `${update.createdAt.toISOString()} ${update.status}: ${update.body}`).join("\n"),
    })),
    ...snapshot.maintenances.map((maintenance) => ({
      title: `Maintenance: ${maintenance.title} (${maintenance.status.replace("_", " ")})`,
      id: `${pageUrl}#maintenance-${maintenance.id}`,
      link: `${pageUrl}#maintenance-${maintenance.id}`,
      date: maintenance.updatedAt,
      published: maintenance.scheduledFor,
      description: `${maintenance.description}\nScheduled ${maintenance.scheduledFor.toISOString()} to ${maintenance.scheduledUntil.toISOString()}`,
    })),
  ].sort((a, b) => b.date.getTime() - a.date.getTime());
  const feed = new Feed({
    title: `${snapshot.page.title} status history`,
    description: snapshot.page.description ?? `Incidents and maintenance of ${snapshot.page.title}`,
    id: pageUrl,
    link: pageUrl,
    updated: entries[0]?.date ?? snapshot.page.updatedAt,
    generator: "Checkstack",
    copyright: snapshot.page.title,
    feedLinks: { rss: `${pageUrl}/history.rss`, atom: `${pageUrl}/history.atom` },
  });
  for (const entry of entries) feed.addItem(entry);
  return format === "rss" ? feed.rss2() : feed.atom1();
}
