import { useQuery } from "@tanstack/react-query";
import { useHasRule } from "@checkstack/frontend-api";
import { catalogApi, healthcheckApi, rules, type HealthStatus } from "./api";
import { DASHBOARD_KEY } from "./live-updates";

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

/**
 * Every visible system with its status and groups: systems page by page,
 * statuses 500 at a time, then each group's members. Kept current by the
 * live stream (live-updates.ts), not by polling.
 */
export function useDashboardData() {
  const mayReadGroups = useHasRule(rules.groupRead);
  return useQuery({
    queryKey: [...DASHBOARD_KEY, mayReadGroups],
    queryFn: async (): Promise<DashboardData> => {
      const systems = [];
      let cursor: string | undefined;
      do {
        const page = await catalogApi.client.listSystems({ limit: 500, ...(cursor ? { cursor } : {}) });
        systems.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const statuses = new Map<string, { status: HealthStatus; since: Date | null }>();
      const batches = [];
      for (let at = 0; at < systems.length; at += STATUS_BATCH) batches.push(systems.slice(at, at + STATUS_BATCH).map((system) => system.id));
      for (const answer of await Promise.all(batches.map((systemIds) => healthcheckApi.client.getSystemStatuses({ systemIds })))) {
        for (const status of answer) statuses.set(status.systemId, { status: status.status, since: status.since });
      }
      const groups = mayReadGroups ? (await catalogApi.client.listGroups()).groups : [];
      const membership = new Map<string, string[]>();
      const members = await Promise.all(groups.map((group) => catalogApi.client.listGroupSystems({ groupId: group.id })));
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
