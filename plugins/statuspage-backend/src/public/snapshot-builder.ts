import type { Logger, PublicIncident, PublicMaintenance, StatusPageContentSource } from "@checkstack/backend-api";
import type { DailyUptime, HealthStatus } from "@checkstack/healthcheck-common";
import type { Page } from "@checkstack/statuspage-common";
import { componentStatus, dependencyCause, publicComponentId, type PageSnapshot, type PublicComponent, type UpstreamMap, type UptimeDay } from "./snapshot";

export const UPTIME_DAYS = 90;
const DAY_MS = 86_400_000;
/** Resolved incidents this far back are shown in the history, the feeds and incidents.json. */
const HISTORY_DAYS = 90;
/** Maintenance up to this far ahead is shown as upcoming. */
const UPCOMING_DAYS = 30;

/** What the builder asks other plugins, as the status page's own service principal. */
export interface SnapshotSources {
  groupSystems(groupId: string): Promise<string[]>;
  statuses(systemIds: string[]): Promise<Map<string, HealthStatus>>;
  /** What each system depends on, transitively (catalog dependencies); internal, never shown by name. */
  upstream(systemIds: string[]): Promise<UpstreamMap>;
  dailyUptime(systemIds: string[], days: number): Promise<DailyUptime[]>;
  content(): readonly StatusPageContentSource[];
  logger: Logger;
}

const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** Every UTC day of the bar, oldest first, ending today. */
function barDays(now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: UPTIME_DAYS }, (_, index) => utcDay(new Date(today - (UPTIME_DAYS - 1 - index) * DAY_MS)));
}

/** Asks every content source; one failing source leaves its part out rather than taking the page down. */
async function gather<T>(sources: SnapshotSources, ask: (source: StatusPageContentSource) => Promise<readonly T[]> | undefined): Promise<T[]> {
  const answers = await Promise.all(
    sources.content().map(async (source) => {
      try {
        return (await ask(source)) ?? [];
      } catch (error) {
        sources.logger.warn("a status page content source failed; its part is left out", { error });
        return [];
      }
    }),
  );
  return answers.flat();
}

/** Builds what a published page shows. Only display names and public fields enter the snapshot. */
export async function buildSnapshot(page: Page, sources: SnapshotSources, now = new Date()): Promise<PageSnapshot> {
  const entries = await Promise.all(
    page.sections.flatMap((section) =>
      section.items.map(async (item) => ({
        section: section.title,
        name: item.displayName,
        id: publicComponentId(page.id, item.kind, item.kind === "system" ? item.systemId : item.groupId),
        systemIds: item.kind === "system" ? [item.systemId] : await sources.groupSystems(item.groupId),
      })),
    ),
  );
  const systemIds = [...new Set(entries.flatMap((entry) => entry.systemIds))];
  // Upstream systems' health decides "degraded because …": asked for with the page's own, never shown.
  const liveAndUpstream = async (): Promise<[Map<string, HealthStatus>, UpstreamMap]> => {
    if (!systemIds.length) return [new Map(), new Map()];
    const upstream = await sources.upstream(systemIds);
    const watched = [...new Set([...systemIds, ...[...upstream.values()].flat().map((up) => up.systemId)])];
    return [await sources.statuses(watched), upstream];
  };
  // Everything at once: a rebuild after a change is what keeps the page stale, so it waits only for the slowest source.
  const [[live, upstream], daily, incidents, maintenances] = await Promise.all([
    liveAndUpstream(),
    systemIds.length ? sources.dailyUptime(systemIds, UPTIME_DAYS) : [],
    systemIds.length
      ? gather<PublicIncident>(sources, (source) => source.incidents?.({ systemIds, since: new Date(now.getTime() - HISTORY_DAYS * DAY_MS) }))
      : [],
    systemIds.length
      ? gather<PublicMaintenance>(sources, (source) =>
          source.maintenances?.({ systemIds, from: new Date(now.getTime() - HISTORY_DAYS * DAY_MS), to: new Date(now.getTime() + UPCOMING_DAYS * DAY_MS) }),
        )
      : [],
  ]);
  incidents.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  maintenances.sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime());

  const perDay = new Map<string, { runs: number; failures: number }>();
  for (const row of daily) {
    const key = `${row.systemId}|${utcDay(row.day)}`;
    const sum = perDay.get(key) ?? { runs: 0, failures: 0 };
    perDay.set(key, { runs: sum.runs + row.count, failures: sum.failures + row.failures });
  }
  const days = barDays(now);
  const publicName = (systemId: string) => entries.find((entry) => entry.systemIds.includes(systemId))?.name;
  const ownChecksPass = (ids: readonly string[]) => ids.every((id) => ["healthy", "unknown"].includes(live.get(id) ?? "unknown"));
  const components: PublicComponent[] = entries.map((entry, position) => {
    const bar: UptimeDay[] = days.map((day) => {
      let runs = 0;
      let failures = 0;
      for (const id of entry.systemIds) {
        const sum = perDay.get(`${id}|${day}`);
        if (sum) {
          runs += sum.runs;
          failures += sum.failures;
        }
      }
      return { day, runs, failures, uptime: runs > 0 ? 1 - failures / runs : null };
    });
    const runs = bar.reduce((total, day) => total + day.runs, 0);
    const failures = bar.reduce((total, day) => total + day.failures, 0);
    const cause = ownChecksPass(entry.systemIds) ? dependencyCause({ systemIds: entry.systemIds, live, upstream, publicName }) : null;
    return {
      id: entry.id,
      name: entry.name,
      sectionTitle: entry.section,
      position: position + 1,
      status: componentStatus({ systemIds: entry.systemIds, live, incidents, maintenances, dependencyDegraded: cause !== null }),
      noData: entry.systemIds.every((id) => (live.get(id) ?? "unknown") === "unknown"),
      days: bar,
      uptime: runs > 0 ? 1 - failures / runs : null,
      systemIds: entry.systemIds,
      cause,
    };
  });
  const { id, slug, title, description, logoUrl, accentColor, theme, visibility, updatedAt, createdAt } = page;
  return {
    page: { id, slug, title, description, logoUrl, accentColor, theme, visibility, updatedAt, createdAt },
    components,
    incidents,
    maintenances,
    generatedAt: now,
  };
}
