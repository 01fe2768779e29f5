import { and, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import type { AuditEntry, AuditQuery } from "@checkstack/backend-api";
import type { PlatformDatabase } from "../../database/platform-database";
import { auditLog } from "../../database/access-schema";
import { parseInput } from "@checkstack/backend-api";
import { AuditQuerySchema } from "@checkstack/common";

/**
 * Newest first, paged backwards by id: ids only grow, so "before id N" is a
 * stable cursor even while new entries are written (offsets are not).
 */
export function createAuditQuery(db: PlatformDatabase) {
  return async function queryAudit(input: AuditQuery): Promise<AuditEntry[]> {
    const query = parseInput(AuditQuerySchema, input, "audit query");
    const conditions: SQL[] = [];
    if (query.principal !== undefined) conditions.push(eq(auditLog.principal, query.principal));
    if (query.schemaName !== undefined) conditions.push(eq(auditLog.schemaName, query.schemaName));
    if (query.tableName !== undefined) conditions.push(eq(auditLog.tableName, query.tableName));
    if (query.from !== undefined) conditions.push(gte(auditLog.at, query.from));
    if (query.to !== undefined) conditions.push(lte(auditLog.at, query.to));
    if (query.beforeId !== undefined) conditions.push(lt(auditLog.id, query.beforeId));
    return db
      .select()
      .from(auditLog)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(query.limit);
  };
}
