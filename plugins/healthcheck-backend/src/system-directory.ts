import type { RpcClient } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";

export interface DirectoryEntry {
  systemId: string;
  name: string;
}

/**
 * The systems a caller may see, from the catalog, asked as that caller: the
 * catalog's rules and row security decide (a public status page sees public,
 * non-team-only systems). Without the catalog, or without the rule to list
 * systems, nothing is listed.
 */
export function createSystemDirectory(rpcClient: RpcClient) {
  return {
    async visibleSystems(): Promise<DirectoryEntry[]> {
      const catalog = rpcClient.forPlugin(CatalogApi, { actAs: "caller" });
      try {
        // Page by page: a status page shows every system it may, however many there are.
        const entries: DirectoryEntry[] = [];
        let cursor: string | undefined;
        do {
          const page = await catalog.listSystems(cursor === undefined ? {} : { cursor });
          for (const system of page.items) entries.push({ systemId: system.id, name: system.name });
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
        return entries;
      } catch (error) {
        // No catalog, or a caller who may not list systems (anonymous, unless an admin published them): nothing to show.
        const code = (error as { code?: string }).code;
        if (code === "NOT_FOUND" || code === "UNAUTHORIZED" || code === "FORBIDDEN") return [];
        throw error;
      }
    },
  };
}

export type SystemDirectory = ReturnType<typeof createSystemDirectory>;
