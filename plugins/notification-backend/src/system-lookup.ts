import type { Logger, RpcClient } from "@checkstack/backend-api";
import { CatalogApi, type SystemContext } from "@checkstack/catalog-common";
import { HealthcheckApi } from "@checkstack/healthcheck-common";

/** What alerting asks other plugins about a system, as its own service principal. */
export function createSystemLookup(rpcClient: RpcClient, logger: Logger) {
  return {
    async context(systemId: string): Promise<SystemContext | null> {
      const { systems } = await rpcClient.forPlugin(CatalogApi).getSystemContexts({ systemIds: [systemId] });
      return systems[0] ?? null;
    },

    /** Several systems at once (an incident's or a maintenance window's); unknown ids are left out. */
    async contexts(systemIds: ReadonlyArray<string>): Promise<SystemContext[]> {
      if (systemIds.length === 0) return [];
      const { systems } = await rpcClient.forPlugin(CatalogApi).getSystemContexts({ systemIds: [...systemIds] });
      return systems;
    },

    /** "payments http: HTTP 500": the first failing check and its last message. Missing health data is no reason to miss a page. */
    async reason(systemId: string): Promise<string | null> {
      try {
        const status = await rpcClient.forPlugin(HealthcheckApi).getSystemStatus({ systemId });
        const failing = status.checks.find((check) => check.status !== "healthy" && check.lastMessage);
        return failing?.lastMessage ?? null;
      } catch (error) {
        logger.debug("no health data for the alert's reason", { systemId, error: error instanceof Error ? error.message : String(error) });
        return null;
      }
    },
  };
}
