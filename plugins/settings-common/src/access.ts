import type { AccessRule } from "@checkstack/common";

/** The settings plugin's id: routes /api/settings/, config and rules prefixed "settings.". */
export const SETTINGS_PLUGIN_ID = "settings";

/** Platform-wide settings are an administrator's: neither rule is given to signed-in users by default. */
export const settingsAccess = {
  read: { id: "general.read", description: "See platform settings (the public URL)" },
  manage: { id: "general.manage", description: "Change platform settings (the public URL)" },
} as const satisfies Record<string, AccessRule>;

export const settingsAccessRuleList: AccessRule[] = [settingsAccess.read, settingsAccess.manage];
