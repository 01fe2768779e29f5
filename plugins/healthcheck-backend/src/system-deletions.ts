import type { Logger, OnHook, RpcClient } from "@checkstack/backend-api";
import { CatalogApi, catalogHooks } from "@checkstack/catalog-common";
import type { HealthcheckDatabase } from "./scheduler/claim";
import { forgetDeletedSystems, forgetSystem, type ExistingSystems } from "./system-removal";

/**
 * Keeps checks in step with the catalog: a deleted system is removed from its
 * checks as the catalog announces it, and deletions made while nothing
 * listened are caught up in the background (boot does not wait for it).
 */
export function followSystemDeletions(deps: { database: HealthcheckDatabase; onHook: OnHook; rpcClient: RpcClient; logger: Logger }): void {
  const { database, onHook, rpcClient, logger } = deps;
  // One instance handles each deletion (retried if it fails); the handler is idempotent.
  onHook(
    catalogHooks.systemDeleted,
    async ({ systemId }) => {
      const { checks: unassigned } = await forgetSystem(database, systemId);
      logger.info("deleted system removed from its checks", { systemId, checks: unassigned });
    },
    { mode: "work-queue", workerGroup: "forget-deleted-systems" },
  );
  const existing: ExistingSystems = async (systemIds) => {
    try {
      const { systems } = await rpcClient.forPlugin(CatalogApi, { actAs: "service" }).getSystemsByIds({ systemIds });
      return new Set(systems.map((system) => system.id));
    } catch (error) {
      if ((error as { code?: string }).code === "NOT_FOUND") return undefined; // no catalog: nothing to compare with
      throw error;
    }
  };
  void forgetDeletedSystems(database, existing).then(
    (forgotten) => forgotten.length > 0 && logger.info("systems deleted from the catalog removed from their checks", { systems: forgotten }),
    (error: unknown) => logger.warn("could not compare the checks' systems with the catalog", { error }),
  );
}
