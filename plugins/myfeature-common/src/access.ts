import type { AccessRule } from "@checkstack/common";

export const access = {
  // Granted to every signed-in user through the "users" role.
  itemRead: { id: "item.read", description: "Read items", isDefault: true },
  itemManage: { id: "item.manage", description: "Create and delete items" },
} as const satisfies Record<string, AccessRule>;

export const accessRuleList: AccessRule[] = Object.values(access);
