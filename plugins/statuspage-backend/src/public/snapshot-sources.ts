import type { Logger, RpcClient, StatusPageContentSource } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { HealthcheckApi, type DailyUptime, type HealthStatus } from "@checkstack/healthcheck-common";
import type { UpstreamMap } from "./snapshot";
import type { SnapshotSources } from "./snapshot-builder";
import { SourceCache } from "./source-cache";

/** Longest a cached rollup, status or dependency answer is used without a hook saying it changed. */
const SOURCE_MAX_AGE_MS = 60_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

const keyOf = (systemIds: readonly string[], extra = "") => `${extra}|${[...systemIds].sort().join(",")}`;

/**
 * The snapshot builder's reads of other plugins, as this plugin's service principal. Rollups, live
 * statuses and dependencies are cached (see SourceCache): `healthChanged` and `catalogChanged` clear
 * them when the hooks that change them arrive, before the pages are cleared. Incidents and maintenance
 * are read afresh on every rebuild: they are what most changes change.
 */
export function createSnapshotSources(deps: {
  rpcClient: RpcClient;
  content: () => readonly StatusPageContentSource[];
  logger: Logger;
}): { sources: SnapshotSources; healthChanged(): void; catalogChanged(): void } {
  const statuses = new SourceCache<Map<string, HealthStatus>>(SOURCE_MAX_AGE_MS);
  const uptime = new SourceCache<DailyUptime[]>(SOURCE_MAX_AGE_MS);
  const upstream = new SourceCache<UpstreamMap>(SOURCE_MAX_AGE_MS);
  const healthcheck = deps.rpcClient.forPlugin(HealthcheckApi);
  const catalog = deps.rpcClient.forPlugin(CatalogApi);
  return {
    sources: {
      groupSystems: async (groupId) => (await catalog.listGroupSystems({ groupId })).systems.map((system) => system.id),
      statuses: (systemIds) =>
        statuses.get(keyOf(systemIds), async () => {
          const answers = await Promise.all(chunks(systemIds, 500).map((ids) => healthcheck.getSystemStatuses({ systemIds: ids })));
          return new Map(answers.flat().map((status) => [status.systemId, status.status]));
        }),
      upstream: (systemIds) =>
        upstream.get(keyOf(systemIds), async () => {
          const answers = await Promise.all(chunks(systemIds, 500).map((ids) => catalog.getSystemContexts({ systemIds: ids })));
          return new Map(answers.flatMap((answer) => answer.systems).map((context) => [context.systemId, context.upstream]));
        }),
      dailyUptime: (systemIds, days) =>
        uptime.get(keyOf(systemIds, String(days)), async () =>
          (await Promise.all(chunks(systemIds, 500).map((ids) => healthcheck.getDailyUptime({ systemIds: ids, days })))).flat(),
        ),
      content: deps.content,
      logger: deps.logger,
    },
    healthChanged: () => {
      statuses.invalidate();
      uptime.invalidate();
    },
    // Dependencies and group membership live in the catalog.
    catalogChanged: () => upstream.invalidate(),
  };
}
