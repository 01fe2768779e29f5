import { proc } from "@checkstack/common";
import { z } from "zod";
import { settingsAccess } from "./access";
import { PublicUrlSchema } from "./public-url";

export const PlatformSettingsSchema = z.object({
  /** The stored setting; null when none is set. */
  publicUrl: z.string().nullable(),
  /** What links (alerts, setup) use now: the setting, else CHECKSTACK_PUBLIC_URL, else this instance's address. */
  effectivePublicUrl: z.string(),
  source: z.enum(["setting", "environment", "listen-address"]),
});
export type PlatformSettings = z.infer<typeof PlatformSettingsSchema>;

/** null clears the setting (links fall back to CHECKSTACK_PUBLIC_URL or the listen address). */
export const SetPlatformSettingsInputSchema = z.object({ publicUrl: PublicUrlSchema.nullable() });

/**
 * POST /api/settings/get and /api/settings/set. Changes are stored through the
 * config service (checkstack.plugin_configs), so the audit trail records who
 * changed what (auth/audit/query with tableName "plugin_configs").
 */
export const settingsContract = {
  get: proc({ operationType: "query", access: [settingsAccess.read] }).output(PlatformSettingsSchema),
  set: proc({ operationType: "mutation", access: [settingsAccess.manage] }).input(SetPlatformSettingsInputSchema).output(PlatformSettingsSchema),
};

export type SettingsContract = typeof settingsContract;
