import { accessPair, qualifyAccessRuleId, type AccessRule } from "@checkstack/common";

/** The catalog's plugin id: schema plugin_catalog, routes /api/catalog/, rule prefix "catalog.". */
export const CATALOG_PLUGIN_ID = "catalog";

/**
 * The catalog's rules (stored as "catalog.<id>"). Systems and groups are
 * resources: each pair carries its resource type ("catalog.system",
 * "catalog.group"), so rows can be granted to teams and made team-only.
 * Reading is a default rule for signed-in users, but not public: nothing in
 * the catalog (runbook links, metadata, owner team) is shown to anonymous
 * callers unless an admin publishes it. Managing is given out by an admin.
 */
export const catalogAccess = {
  system: accessPair(
    "system",
    {
      read: { description: "View systems in the catalog", isDefault: true },
      manage: { description: "Create, change and delete systems" },
    },
    { idParam: "systemId" },
  ),
  group: accessPair(
    "group",
    {
      read: { description: "View system groups and their members", isDefault: true },
      manage: { description: "Create, change and delete groups, and change which systems they hold" },
    },
    { idParam: "groupId" },
  ),
};

export const catalogAccessRuleList: AccessRule[] = [
  catalogAccess.system.read,
  catalogAccess.system.manage,
  catalogAccess.group.read,
  catalogAccess.group.manage,
];

/**
 * Resource types as the platform stores them (plugin id + pair resource), for
 * team grants and team-only settings made through access administration.
 */
export const catalogResourceTypes = {
  system: qualifyAccessRuleId(CATALOG_PLUGIN_ID, catalogAccess.system.read.resource),
  group: qualifyAccessRuleId(CATALOG_PLUGIN_ID, catalogAccess.group.read.resource),
} as const;
