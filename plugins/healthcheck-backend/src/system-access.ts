import { ORPCError } from "@orpc/server";
import type { RpcContext } from "@checkstack/backend-api";
import { catalogAccess, catalogResourceTypes, CATALOG_PLUGIN_ID } from "@checkstack/catalog-common";
import { qualifyAccessRuleId } from "@checkstack/common";

const MANAGE_SYSTEM = qualifyAccessRuleId(CATALOG_PLUGIN_ID, catalogAccess.system.manage.id);

/**
 * Attaching a check to a system or configuring its thresholds needs manage
 * access to the system. Row security on the system-keyed tables enforces it
 * whatever the handler does; asking first turns the refusal into a 403 that
 * names the field and the systems, instead of the table a policy refused.
 */
export async function requireSystemManage(context: RpcContext, field: string, systemIds: ReadonlyArray<string>): Promise<void> {
  if (systemIds.length === 0) return;
  const permitted = await context.access.permittedIds({ rule: MANAGE_SYSTEM, resourceType: catalogResourceTypes.system, ids: systemIds });
  const refused = [...new Set(systemIds)].filter((id) => !permitted.has(id));
  if (refused.length === 0) return;
  throw new ORPCError("FORBIDDEN", {
    message: `${field}: attaching checks to or configuring system ${refused.join(", ")} needs ${MANAGE_SYSTEM} on it`,
    data: { field, rule: MANAGE_SYSTEM, systemIds: refused },
  });
}
