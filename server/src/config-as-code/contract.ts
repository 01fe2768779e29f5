import { proc, type AccessRule } from "@checkstack/common";
import { z } from "zod";

/**
 * The API of the built-in "config" plugin (configuration as code), at /api/config/<procedure>.
 * Each section's own plugin still checks its own rules on every change, as the caller.
 */
export const configAccess = {
  export: { id: "export", description: "Export the configuration (checkstack.yaml) of everything the caller can see" },
  apply: { id: "apply", description: "Apply a configuration file: create, change and delete resources as one transaction" },
} as const satisfies Record<string, AccessRule>;

export const configAccessRules: AccessRule[] = Object.values(configAccess);

/** The parsed file: section name → its items (validated by each section's schema on the server). */
export const ConfigFileSchema = z.record(z.string().min(1).max(100), z.array(z.unknown()).max(100_000));

export const ConfigChangeSummarySchema = z.object({
  section: z.string(),
  action: z.enum(["create", "update", "delete"]),
  name: z.string(),
  /** For an update: the top-level fields that differ. */
  fields: z.array(z.string()),
});
export type ConfigChangeSummary = z.infer<typeof ConfigChangeSummarySchema>;

export const ApplyInputSchema = z.object({
  file: ConfigFileSchema,
  /** Plan only: nothing is written. */
  dryRun: z.boolean().default(false),
  /** Delete resources the file no longer declares that an earlier apply created. */
  prune: z.boolean().default(false),
  /** With prune: delete every resource of a declared section that the file does not declare. */
  pruneAll: z.boolean().default(false),
});

export const ApplyResultSchema = z.object({
  changes: z.array(ConfigChangeSummarySchema),
  applied: z.boolean(),
});
export type ApplyResult = z.infer<typeof ApplyResultSchema>;

export const configContract = {
  export: proc({ operationType: "query", userType: "authenticated", access: [configAccess.export] }).output(z.object({ file: ConfigFileSchema })),
  apply: proc({ operationType: "mutation", userType: "authenticated", access: [configAccess.apply] }).input(ApplyInputSchema).output(ApplyResultSchema),
};
export type ConfigContract = typeof configContract;
