import { proc } from "@checkstack/common";
import { catalogAccess } from "./access";
import {
  AddDependencySchema,
  ChangedSchema,
  DependencyRefSchema,
  DependencySchema,
  SystemContextListSchema,
  SystemDependenciesSchema,
  CreateGroupSchema,
  CreateSystemSchema,
  DeletedSchema,
  GroupListSchema,
  GroupRefSchema,
  GroupSchema,
  ListSystemsInputSchema,
  MembershipSchema,
  SystemListSchema,
  SystemPageSchema,
  SystemRefSchema,
  SystemSchema,
  SystemsByIdsSchema,
  UpdateGroupSchema,
  UpdateSystemSchema,
} from "./schemas";

const { system, group } = catalogAccess;

/**
 * Reads are "public": anonymous callers hold the public read rules (a public
 * status page lists systems), and team-only rows stay hidden from them.
 * Writes are "authenticated" so API keys with a role can automate the catalog.
 * Lists name their output key (listKey) so the middleware drops rows the
 * caller may not read; row-level security on the tables hides them as well.
 * Single-resource procedures are checked on their id (idParam) before the
 * handler runs. Creates have no id yet, so they check the rule alone.
 */
export const catalogContract = {
  /** A page of systems (keyset on name, id); pass nextCursor back for the next one. */
  listSystems: proc({ operationType: "query", userType: "public", access: [system.read], instanceAccess: { listKey: "items" } })
    .route({ method: "GET", path: "/systems", summary: "List systems" })
    .input(ListSystemsInputSchema)
    .output(SystemPageSchema),

  getSystem: proc({ operationType: "query", userType: "public", access: [system.read] })
    .route({ method: "GET", path: "/systems/{systemId}", summary: "Get a system" }).input(SystemRefSchema).output(SystemSchema),

  createSystem: proc({ operationType: "mutation", userType: "authenticated", access: [system.manage], instanceAccess: {} })
    .route({ method: "POST", path: "/systems", summary: "Create a system" })
    .input(CreateSystemSchema)
    .output(SystemSchema),

  updateSystem: proc({ operationType: "mutation", userType: "authenticated", access: [system.manage] })
    .route({ method: "PATCH", path: "/systems/{systemId}", summary: "Update a system" })
    .input(UpdateSystemSchema)
    .output(SystemSchema),

  deleteSystem: proc({ operationType: "mutation", userType: "authenticated", access: [system.manage] })
    .route({ method: "DELETE", path: "/systems/{systemId}", summary: "Delete a system" })
    .input(SystemRefSchema)
    .output(DeletedSchema),

  listGroups: proc({ operationType: "query", userType: "public", access: [group.read], instanceAccess: { listKey: "groups" } })
    .route({ method: "GET", path: "/groups", summary: "List groups" }).output(
    GroupListSchema,
  ),

  createGroup: proc({ operationType: "mutation", userType: "authenticated", access: [group.manage], instanceAccess: {} })
    .route({ method: "POST", path: "/groups", summary: "Create a group" })
    .input(CreateGroupSchema)
    .output(GroupSchema),

  updateGroup: proc({ operationType: "mutation", userType: "authenticated", access: [group.manage] })
    .route({ method: "PATCH", path: "/groups/{groupId}", summary: "Update a group" })
    .input(UpdateGroupSchema)
    .output(GroupSchema),

  deleteGroup: proc({ operationType: "mutation", userType: "authenticated", access: [group.manage] })
    .route({ method: "DELETE", path: "/groups/{groupId}", summary: "Delete a group" })
    .input(GroupRefSchema)
    .output(DeletedSchema),

  /** Each rule is checked on its own id: manage on the group, read on the system (nobody files a system they cannot see). */
  addSystemToGroup: proc({ operationType: "mutation", userType: "authenticated", access: [group.manage, system.read] })
    .route({ method: "PUT", path: "/groups/{groupId}/systems/{systemId}", summary: "Add a system to a group" })
    .input(MembershipSchema)
    .output(ChangedSchema),

  removeSystemFromGroup: proc({ operationType: "mutation", userType: "authenticated", access: [group.manage] })
    .route({ method: "DELETE", path: "/groups/{groupId}/systems/{systemId}", summary: "Remove a system from a group" })
    .input(MembershipSchema)
    .output(ChangedSchema),

  /** Checked on the group; the member systems the caller may not read are left out by row-level security. */
  listGroupSystems: proc({ operationType: "query", userType: "public", access: [group.read] })
    .route({ method: "GET", path: "/groups/{groupId}/systems", summary: "List the systems of a group" }).input(GroupRefSchema).output(SystemListSchema),

  /** For other plugins (health checks, status pages) over rpcClient: every requested system that exists, unfiltered. */
  getSystemsByIds: proc({ operationType: "query", userType: "service" }).input(SystemsByIdsSchema).output(SystemListSchema),

  /** Transitive upstream and downstream of a system; systems the caller may not read are left out by row security. */
  listDependencies: proc({ operationType: "query", userType: "public", access: [system.read] }).input(SystemRefSchema).output(SystemDependenciesSchema),

  /** `systemId` depends on `dependsOnSystemId`: manage on the dependant, read on its upstream. A cycle is refused (400 on dependsOnSystemId). */
  addDependency: proc({ operationType: "mutation", userType: "authenticated", access: [system.manage] })
    .input(AddDependencySchema)
    .output(DependencySchema),

  removeDependency: proc({ operationType: "mutation", userType: "authenticated", access: [system.manage] })
    .input(DependencyRefSchema)
    .output(ChangedSchema),

  /** For other plugins (alerting): name, owner team, groups and transitive dependencies of each system, unfiltered. */
  getSystemContexts: proc({ operationType: "query", userType: "service" }).input(SystemsByIdsSchema).output(SystemContextListSchema),
};
