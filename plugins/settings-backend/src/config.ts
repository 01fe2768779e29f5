import { defineConfig } from "@checkstack/backend-api";
import { PublicUrlSchema } from "@checkstack/settings-common";
import { z } from "zod";

/** Stored in checkstack.plugin_configs: every change is in the audit trail with its principal. */
export const generalConfig = defineConfig({
  key: "general",
  version: 1,
  schema: z.object({ publicUrl: PublicUrlSchema.nullable() }),
});
