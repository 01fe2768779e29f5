import { useQuery } from "@tanstack/react-query";
import { useHasRule } from "@checkstack/frontend-api";
import { catalogApi, rules } from "./api";

export interface CatalogOptions {
  systems: Array<{ value: string; label: string }>;
  groups: Array<{ value: string; label: string }>;
}

/** The systems and groups a section may show (those the user may see), read 500 systems a page. */
export function useCatalogOptions() {
  const maySystems = useHasRule(rules.systemRead);
  const mayGroups = useHasRule(rules.groupRead);
  return useQuery({
    queryKey: [...catalogApi.utils.listSystems.key(), "statuspage-options", maySystems, mayGroups],
    queryFn: async (): Promise<CatalogOptions> => {
      const systems: CatalogOptions["systems"] = [];
      if (maySystems) {
        let cursor: string | undefined;
        do {
          const page = await catalogApi.client.listSystems({ limit: 500, ...(cursor ? { cursor } : {}) });
          systems.push(...page.items.map((system) => ({ value: system.id, label: system.name })));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      }
      const groups = mayGroups ? (await catalogApi.client.listGroups()).groups.map((group) => ({ value: group.id, label: group.name })) : [];
      return { systems, groups };
    },
  });
}
