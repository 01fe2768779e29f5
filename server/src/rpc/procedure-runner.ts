import type { Pool } from "pg";
import type { AccessDecider, Logger, Principal, RpcContext } from "@checkstack/backend-api";
import { runInDbScope } from "../database/db-scope";
import { toCallerError } from "./rpc-errors";

/** What every procedure call needs from the platform, over HTTP or in-process. */
export interface ProcedureEnvironment {
  pool: Pool;
  logger: Logger;
  /** The access decision: SQL on the caller's scope connection, so one decider serves every principal. */
  access: AccessDecider;
}

export function buildRpcContext(
  environment: ProcedureEnvironment,
  call: { pluginId: string; principal: Principal; requestId: string },
): RpcContext {
  return {
    requestId: call.requestId,
    principal: call.principal,
    pluginId: call.pluginId,
    access: environment.access,
    logger: environment.logger.child({ pluginId: call.pluginId, requestId: call.requestId }),
  };
}

/**
 * Runs one procedure call in its database scope (committed on success, rolled
 * back on error) and shapes its errors for the caller.
 */
export async function runProcedure<T>(
  environment: ProcedureEnvironment,
  context: RpcContext,
  path: readonly string[],
  invoke: () => Promise<T>,
): Promise<T> {
  try {
    return await runInDbScope(environment.pool, { principal: context.principal, requestId: context.requestId }, invoke);
  } catch (error) {
    throw toCallerError(error, { requestId: context.requestId, logger: context.logger, path });
  }
}
