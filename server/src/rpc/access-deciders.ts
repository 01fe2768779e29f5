import type { Pool } from "pg";
import type { AccessDecider } from "@checkstack/backend-api";
import type { AccessMemo } from "../access/access-memo";
import { MAY_ALL_WITH_EPOCH, PERMITTED_IDS } from "../access/access-statements";
import { currentDbScope } from "../database/db-scope";

/**
 * The access decision made in Postgres by checkstack.may (sql/020), the same
 * function the row-level-security policies call. It runs on the caller's
 * scope connection, whose transaction-local settings name the principal;
 * outside a scope no principal is set, and the answer is always no.
 *
 * A read-only scope may reuse a yes this instance got before (AccessMemo):
 * the scope then carries the epoch that yes was read at, and Postgres refuses
 * its statements if anything that could take access away has changed since.
 */
export function createSqlAccessDecider(pool: Pool, memo: AccessMemo): AccessDecider {
  const query = async <R extends Record<string, unknown>>(text: string, values: unknown[]) => {
    // In a scope the decision rides with the scope's BEGIN and settings when it is the first statement.
    const scope = currentDbScope();
    return (await (scope ? scope.query<R>(text, values) : pool.query<R>(text, values))).rows;
  };
  return {
    allows: async ({ rules, resource }) => {
      const scope = currentDbScope();
      if (scope?.reuseDecisions) {
        const epoch = memo.allowedAt(scope.principal, rules, resource);
        if (epoch !== undefined) {
          scope.relyOnAccessEpoch(epoch);
          return true;
        }
      }
      // One statement, one snapshot: the epoch read belongs to the decision next to it.
      const [row] = await query<{ ok: boolean; epoch: string }>(MAY_ALL_WITH_EPOCH, [rules, resource?.type ?? null, resource?.id ?? null]);
      const allowed = row?.ok === true;
      if (allowed && scope && row) memo.rememberAllowed(scope.principal, rules, resource, Number(row.epoch));
      return allowed;
    },
    permittedIds: async ({ rule, resourceType, ids }) => {
      if (ids.length === 0) return new Set();
      const rows = await query<{ id: string }>(PERMITTED_IDS, [rule, resourceType, ids]);
      return new Set(rows.map((row) => row.id));
    },
  };
}
