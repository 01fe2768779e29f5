import { implement } from "@orpc/server";
import { autoAuthMiddleware, InputError, type RpcClient, type RpcContext } from "@checkstack/backend-api";
import { HealthcheckApi } from "@checkstack/healthcheck-common";
import { HEARTBEAT_STRATEGY_ID, heartbeatContract, PING_PATH_PREFIX } from "@checkstack/healthcheck-heartbeat-common";
import type { HeartbeatStore } from "./heartbeat-store";

const os = implement(heartbeatContract).$context<RpcContext>().use(autoAuthMiddleware);

export function createHeartbeatRouter(deps: { store: HeartbeatStore; rpcClient: RpcClient }) {
  /**
   * Asked as the caller, so the health-check plugin's own access rules and row security decide whether the
   * caller may see the check (a check of another team's system is "not found", as there).
   */
  const heartbeatCheck = async (checkId: string): Promise<void> => {
    const check = await deps.rpcClient.forPlugin(HealthcheckApi, { actAs: "caller" }).getCheck({ checkId });
    if (check.strategyId !== HEARTBEAT_STRATEGY_ID) {
      throw new InputError(`check ${checkId} uses the "${check.strategyId}" strategy, not "${HEARTBEAT_STRATEGY_ID}"`, { path: "checkId" });
    }
  };

  return os.router({
    getHeartbeat: os.getHeartbeat.handler(async ({ input }) => {
      await heartbeatCheck(input.checkId);
      const { now: _now, ...state } = await deps.store.state(input.checkId);
      return state;
    }),
    regeneratePingUrl: os.regeneratePingUrl.handler(async ({ input }) => {
      await heartbeatCheck(input.checkId);
      const token = await deps.store.regenerateToken(input.checkId);
      return { checkId: input.checkId, token, path: `${PING_PATH_PREFIX}/${token}` };
    }),
  });
}
