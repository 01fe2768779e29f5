import { implement } from "@orpc/server";
import { autoAuthMiddleware, type RpcContext } from "@checkstack/backend-api";
import { catalogContract } from "@checkstack/catalog-common";
import type { DependencyService } from "../dependency-service";
import type { AnnounceSystemChange } from "../events";
import type { GroupService } from "../group-service";
import type { SystemOwnership } from "../ownership";
import type { SystemService } from "../system-service";

/**
 * The contract's implementer. Caller kinds, access rules and instance access
 * (idParam before the handler, listKey on the output) are enforced by
 * autoAuthMiddleware from the contract's metadata.
 */
export const os = implement(catalogContract).$context<RpcContext>().use(autoAuthMiddleware);

/** Public members only, so tests can hand in plain objects. */
type Surface<T> = Pick<T, keyof T>;

export interface CatalogRouterDeps {
  systems: Surface<SystemService>;
  groups: Surface<GroupService>;
  dependencies: Surface<DependencyService>;
  ownership: Surface<SystemOwnership>;
  announce: AnnounceSystemChange;
}
