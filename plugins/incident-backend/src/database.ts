import type { SafeDatabase } from "@checkstack/backend-api";
import type * as schema from "./schema";

/** The incident plugin's tables, in plugin_incident; inside a request, queries run in its transaction as its principal. */
export type IncidentDatabase = SafeDatabase<typeof schema>;
