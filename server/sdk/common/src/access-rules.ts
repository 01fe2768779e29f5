/**
 * Access rules as plugins declare them. Ids are written unprefixed in the
 * plugin ("item.read"); the platform prefixes them with the plugin id when it
 * stores them ("myfeature.item.read").
 */
export interface InstanceAccess {
  /** Input field holding the one resource id the call touches. A call without it is denied. */
  idParam?: string;
  /** Output field holding an array of resources; rows the caller may not read are removed. */
  listKey?: string;
  /** Output field holding a record keyed by resource id; keys the caller may not read are removed. */
  recordKey?: string;
}

/** An access rule as a plugin registers it (unprefixed id; the platform stores "<pluginId>.<id>"). */
export interface AccessRule {
  id: string;
  description?: string;
  /** Granted to the built-in "users" role unless an admin removed it. */
  isDefault?: boolean;
  /** Granted to anonymous callers. */
  isPublic?: boolean;
  /** Resource type for instance-level checks (set by accessPair). */
  resource?: string;
  /** "read" or "manage" (set by accessPair). */
  level?: AccessLevel;
  instanceAccess?: InstanceAccess;
}

/** What a rule of an access pair allows on its resource type: reading, or managing (which includes reading). */
export type AccessLevel = "read" | "manage";

type RuleOptions = Omit<AccessRule, "id" | "resource" | "level" | "instanceAccess">;

/** The read and manage rules accessPair makes for one resource type. */
export interface AccessPair<R extends string> {
  read: AccessRule & { id: `${R}.read`; resource: R; level: "read" };
  manage: AccessRule & { id: `${R}.manage`; resource: R; level: "manage" };
}

/** A read rule and a manage rule for one resource type, sharing its instance-access strategy. */
export function accessPair<R extends string>(
  resource: R,
  rules: { read: RuleOptions; manage: RuleOptions },
  instanceAccess?: InstanceAccess,
): AccessPair<R> {
  return {
    read: { ...rules.read, id: `${resource}.read`, resource, level: "read", ...(instanceAccess ? { instanceAccess } : {}) },
    manage: {
      ...rules.manage,
      id: `${resource}.manage`,
      resource,
      level: "manage",
      ...(instanceAccess ? { instanceAccess } : {}),
    },
  };
}

/**
 * "myfeature" + "item.read" -> "myfeature.item.read". Plugins always write
 * their own rule ids unprefixed, so the prefix is always added: guessing from
 * the id's shape would misread a resource named like its plugin.
 */
export function qualifyAccessRuleId(pluginId: string, ruleId: string): string {
  return `${pluginId}.${ruleId}`;
}
