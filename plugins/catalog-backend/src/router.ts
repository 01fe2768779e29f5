import { createDependencyHandlers } from "./handlers/dependencies";
import { createGroupHandlers } from "./handlers/groups";
import { os, type CatalogRouterDeps } from "./handlers/implementer";
import { createSystemHandlers } from "./handlers/systems";

export type { CatalogRouterDeps } from "./handlers/implementer";

/** The catalog's procedures, flat as the contract declares them (POST /api/catalog/<procedure>). */
export function createCatalogRouter(deps: CatalogRouterDeps) {
  return os.router({ ...createSystemHandlers(deps), ...createGroupHandlers(deps), ...createDependencyHandlers(deps) });
}
