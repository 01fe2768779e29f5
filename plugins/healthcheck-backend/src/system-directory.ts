import type { RpcClient } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";

export interface DirectoryEntry {
  systemId: string;
  name: string;
}

/**
 * The systems a caller may see, from the catalog, asked as that caller: the
 * catalog's rules and row security decide (a public status page sees public,
 * non-team-only systems). Without the catalog, nothing is listed.
 */
export function createSystemDirectory(rpcClient: RpcClient) {
  return {
    async visibleSystems(): Promise<DirectoryEntry[]> {
      const catalog = rpcClient.forPlugin(CatalogApi, { actAs: "caller" });
      try {
        const { systems } = await catalog.listSystems({});
        return systems.map((system) => ({ systemId: system.id, name: system.name }));
      } catch (error) {
        if ((error as { code?: string }).code === "NOT_FOUND") return [];
        throw error;
      }
    },
  };
}

export type SystemDirectory = ReturnType<typeof createSystemDirectory>;
