import { useQuery } from "@tanstack/react-query";
import { useHasRule } from "@checkstack/frontend-api";
import { catalogApi, healthcheckApi, rules, type HealthStatus } from "./api";

export interface DashboardSystem {
  id: string;
  name: string;
  description: string | null;
  status: HealthStatus;
  since: Date | null;
  groupIds: string[];
}

export interface DashboardData {
  systems: DashboardSystem[];
  groups: Array<{ id: string; name: string }>;
}

const STATUS_BATCH = 500;

/** The dashboard's cache key prefix: live-updates.ts writes status changes into this cache. */
export const DASHBOARD_KEY = ["healthcheck", "dashboard"] as const;

/**
 * Every visible system with its status and groups: systems page by page
 * (500 a page, the most getSystemStatuses takes), each page's statuses in one
 * call, and the groups with their members alongside. Kept current by the
 * live stream (live-updates.ts), not by polling.
 */
export function useDashboardData() {
  const mayReadGroups = useHasRule(rules.groupRead);
  return useQuery({
    queryKey: [...DASHBOARD_KEY, mayReadGroups],
    queryFn: async (): Promise<DashboardData> => {
      // Groups and their members load beside the systems, and each page's statuses as soon as the page is in.
      const groupsLoaded = (async () => {
        const groups = mayReadGroups ? (await catalogApi.client.listGroups()).groups : [];
        const members = await Promise.all(groups.map((group) => catalogApi.client.listGroupSystems({ groupId: group.id })));
        return { groups, members };
      })();
      // Awaited below; marked handled so a failure while the systems load is not reported twice.
      groupsLoaded.catch(() => undefined);
      const systems = [];
      const statusAnswers: Array<Promise<Array<{ systemId: string; status: HealthStatus; since: Date | null }>>> = [];
      let cursor: string | undefined;
      do {
        const page = await catalogApi.client.listSystems({ limit: STATUS_BATCH, ...(cursor ? { cursor } : {}) });
        systems.push(...page.items);
        if (page.items.length > 0) {
          const answer = healthcheckApi.client.getSystemStatuses({ systemIds: page.items.map((system) => system.id) });
          answer.catch(() => undefined);
          statusAnswers.push(answer);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const statuses = new Map<string, { status: HealthStatus; since: Date | null }>();
      for (const answer of await Promise.all(statusAnswers)) {
        for (const status of answer) statuses.set(status.systemId, { status: status.status, since: status.since });
      }
      const { groups, members } = await groupsLoaded;
      const membership = new Map<string, string[]>();
      groups.forEach((group, index) => {
        for (const system of members[index]?.systems ?? []) membership.set(system.id, [...(membership.get(system.id) ?? []), group.id]);
      });
      return {
        groups: groups.map((group) => ({ id: group.id, name: group.name })),
        systems: systems.map((system) => ({
          id: system.id,
          name: system.name,
          description: system.description,
          status: statuses.get(system.id)?.status ?? "unknown",
          since: statuses.get(system.id)?.since ?? null,
          groupIds: membership.get(system.id) ?? [],
        })),
      };
    },
  });
}
