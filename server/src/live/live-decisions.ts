import type { Pool } from "pg";
import { MAY_ALL_WITH_EPOCH, PERMITTED_IDS } from "../access/access-statements";
import { queryInOwnScope } from "../database/db-scope";
import type { DecideLive } from "./live-access";

/**
 * The live stream's access decisions, made by the same SQL functions as the
 * RPC layer's (checkstack.permitted_ids for resources, checkstack.may_all for
 * plain rules), each in a scope of its own running as the connection's principal.
 */
export function sqlLiveDecider(pool: Pool): DecideLive {
  return async (principal, rule, resourceType, ids) => {
    if (resourceType === undefined) {
      const result = await queryInOwnScope<{ ok: boolean }>(pool, { principal }, MAY_ALL_WITH_EPOCH, [[rule], null, null]);
      return new Set(result.rows[0]?.ok === true ? ids : []);
    }
    const result = await queryInOwnScope<{ id: string }>(pool, { principal }, PERMITTED_IDS, [rule, resourceType, ids]);
    return new Set(result.rows.map((row) => row.id));
  };
}
