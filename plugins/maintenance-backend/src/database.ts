import type { SafeDatabase } from "@checkstack/backend-api";
import type * as schema from "./schema";

/** The maintenance plugin's tables, in plugin_maintenance; inside a request, queries run in its transaction as its principal. */
export type MaintenanceDatabase = SafeDatabase<typeof schema>;
