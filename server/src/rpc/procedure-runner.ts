import type { Pool } from "pg";
import type { AnyProcedure } from "@orpc/server";
import type { ProcedureMetadata } from "@checkstack/common";
import type { AccessDecider, Logger, Principal, RpcContext } from "@checkstack/backend-api";
import type { AccessMemo } from "../access/access-memo";
import { currentDbScope, runInDbScope } from "../database/db-scope";
import { confirmAccessEpoch, currentAccessEpoch } from "../access/access-epoch";
import { isStaleAccess } from "../database/scope-settings";
import { retryAfterOf, toCallerError } from "./rpc-errors";

/** What every procedure call needs from the platform, over HTTP or in-process. */
export interface ProcedureEnvironment {
  pool: Pool;
  logger: Logger;
  /** The access decision: SQL on the caller's scope connection, so one decider serves every principal. */
  access: AccessDecider;
  /** What this instance remembers of past access decisions (always confirmed by Postgres before use). */
  memo: AccessMemo;
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

/** The context property carrying a request's RequestCaller. */
export const REQUEST_CALLER: unique symbol = Symbol("checkstack.requestCaller");

/** How an HTTP request's caller was established (rpc-http-handler); in-process calls have none. */
export interface RequestCaller {
  /** Authenticates the request again, from Postgres, bypassing the memo. */
  reauthenticate(): Promise<Principal>;
}

/**
 * Runs one procedure call in its database scope (committed on success, rolled
 * back on error) and shapes its errors for the caller.
 *
 * A caller's principal may come from the access memo: every statement then
 * carries the epoch it was read at, and if Postgres refuses one (the epoch
 * moved: a logout, a revoked key, a role change anywhere in the cluster),
 * the call starts again with the caller authenticated afresh. A query reads
 * nothing before that check, and may also reuse remembered decisions. A
 * mutation's handler may act before its first statement, so a remembered
 * principal is confirmed before a mutation runs, and its decisions are made
 * anew.
 */
export async function runProcedure<T>(
  environment: ProcedureEnvironment,
  context: RpcContext,
  call: { path: readonly string[]; procedure: AnyProcedure; caller?: RequestCaller | undefined },
  invoke: () => Promise<T>,
): Promise<T> {
  const { path, procedure, caller } = call;
  const readOnly = isQuery(procedure);
  const nested = currentDbScope() !== undefined;
  const { memo, pool } = environment;
  // `remembered`: the principal may be one the memo holds, confirmed by the scope's statements.
  const run = (remembered: boolean) =>
    runInDbScope(
      pool,
      {
        principal: context.principal,
        requestId: context.requestId,
        clientRequestId: context.clientRequestId,
        readOnly,
        accessEpoch: remembered ? memo.epochOf(context.principal) : undefined,
        reuseDecisions: remembered && caller !== undefined,
      },
      invoke,
    );
  const startAfresh = async (stale: RequestCaller) => {
    memo.forgetBelow(await currentAccessEpoch(pool));
    context.principal = await stale.reauthenticate();
    return run(false);
  };
  try {
    const epoch = memo.epochOf(context.principal);
    if (caller && epoch !== undefined && !readOnly) {
      // Confirmed now, the principal is as good as freshly read: the mutation runs once, on it.
      try {
        await confirmAccessEpoch(pool, epoch);
      } catch (error) {
        if (!isStaleAccess(error)) throw error;
        return await startAfresh(caller);
      }
      return await run(false);
    }
    try {
      return await run(true);
    } catch (error) {
      if (!isStaleAccess(error) || !caller) throw error;
      return await startAfresh(caller);
    }
  } catch (error) {
    // A refusal inside a nested call belongs to the request that relied on the memo: let it through unshaped.
    if (nested && isStaleAccess(error)) throw error;
    const answer = toCallerError(error, { requestId: context.requestId, logger: context.logger, path });
    const retryAfter = retryAfterOf(answer);
    if (retryAfter !== undefined) context.responseHeaders?.set("retry-after", String(retryAfter));
    throw answer;
  }
}
