import type { Pool } from "pg";
import type { AnyProcedure } from "@orpc/server";
import type { ProcedureMetadata } from "@checkstack/common";
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

/** A procedure declared as a query only reads: its scope runs read-only, without BEGIN and COMMIT. */
function isQuery(procedure: AnyProcedure): boolean {
  const meta: ProcedureMetadata = procedure["~orpc"].meta;
  return meta.operationType === "query";
}

/**
 * Runs one procedure call in its database scope (committed on success, rolled
 * back on error) and shapes its errors for the caller.
 */
export async function runProcedure<T>(
  environment: ProcedureEnvironment,
  context: RpcContext,
  call: { path: readonly string[]; procedure: AnyProcedure },
  invoke: () => Promise<T>,
): Promise<T> {
  const { path, procedure } = call;
  try {
    const scope = { principal: context.principal, requestId: context.requestId, readOnly: isQuery(procedure) };
    return await runInDbScope(environment.pool, scope, invoke);
  } catch (error) {
    throw toCallerError(error, { requestId: context.requestId, logger: context.logger, path });
  }
}
