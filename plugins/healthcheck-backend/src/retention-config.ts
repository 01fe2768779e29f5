import { defineConfig } from "@checkstack/backend-api";
import { RetentionSchema } from "@checkstack/healthcheck-common";

/** How long raw runs and rollups are kept (plugin setting, cluster-wide). */
export const retentionConfig = defineConfig({ key: "retention", version: 1, schema: RetentionSchema });
