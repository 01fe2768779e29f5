import { useQuery } from "@tanstack/react-query";
import { useHasRule } from "@checkstack/frontend-api";
import { catalogApi, rules } from "./api";

/**
 * Pick-list options of the catalog for other plugins' forms (affected systems, maintenance
 * windows, status-page sections). Exported as `@checkstack/catalog-frontend/options` so that
 * importing them does not pull in the catalog's own pages.
 */
export interface CatalogOption {
  value: string;
  label: string;
}

export interface CatalogOptions {
  systems: CatalogOption[];
  groups: CatalogOption[];
}

/** Every system the user may see, read 500 a page. */
async function readSystemOptions(): Promise<CatalogOption[]> {
  const systems: CatalogOption[] = [];
  let cursor: string | undefined;
  do {
    const page = await catalogApi.client.listSystems({ limit: 500, ...(cursor ? { cursor } : {}) });
    systems.push(...page.items.map((system) => ({ value: system.id, label: system.name })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return systems;
}

/** The visible systems as options; disabled (no data) without the catalog's read rule. */
export function useSystemOptions() {
  const mayRead = useHasRule(rules.systemRead);
  return useQuery({
    queryKey: [...catalogApi.utils.listSystems.key(), "options"],
    enabled: mayRead,
    queryFn: readSystemOptions,
  });
}

/** id → name of the visible systems, for showing the systems an item names. */
export function useSystemNames(): Map<string, string> {
  const options = useSystemOptions();
  return new Map((options.data ?? []).map((option) => [option.value, option.label]));
}

/** The systems and groups the user may see; a list the user may not read stays empty. */
export function useCatalogOptions() {
  const maySystems = useHasRule(rules.systemRead);
  const mayGroups = useHasRule(rules.groupRead);
  return useQuery({
    queryKey: [...catalogApi.utils.listSystems.key(), "options-with-groups", maySystems, mayGroups],
    queryFn: async (): Promise<CatalogOptions> => {
      const systems = maySystems ? await readSystemOptions() : [];
      const groups = mayGroups ? (await catalogApi.client.listGroups()).groups.map((group) => ({ value: group.id, label: group.name })) : [];
      return { systems, groups };
    },
  });
}
