import { useQuery } from "@tanstack/react-query";
import { catalogApi } from "./api";

/** Every system the user may see, read page by page (500 a page). */
export function useAllSystems() {
  return useQuery({
    queryKey: [...catalogApi.utils.listSystems.key(), "all-pages"],
    queryFn: async () => {
      const systems = [];
      let cursor: string | undefined;
      do {
        const page = await catalogApi.client.listSystems({ limit: 500, ...(cursor ? { cursor } : {}) });
        systems.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return systems;
    },
  });
}
