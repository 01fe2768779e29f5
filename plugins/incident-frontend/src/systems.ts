import { useQuery } from "@tanstack/react-query";
import { useHasRule } from "@checkstack/frontend-api";
import { catalogApi, rules } from "./api";

/** Every system the user may see (id and name), read 500 a page; empty without the catalog rule. */
export function useSystemOptions() {
  const mayRead = useHasRule(rules.systemRead);
  return useQuery({
    queryKey: [...catalogApi.utils.listSystems.key(), "incident-options"],
    enabled: mayRead,
    queryFn: async () => {
      const systems: Array<{ value: string; label: string }> = [];
      let cursor: string | undefined;
      do {
        const page = await catalogApi.client.listSystems({ limit: 500, ...(cursor ? { cursor } : {}) });
        systems.push(...page.items.map((system) => ({ value: system.id, label: system.name })));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return systems;
    },
  });
}

/** id → name of the visible systems, for showing affected systems. */
export function useSystemNames(): Map<string, string> {
  const options = useSystemOptions();
  return new Map((options.data ?? []).map((option) => [option.value, option.label]));
}
