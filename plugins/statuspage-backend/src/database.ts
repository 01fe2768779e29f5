import type { SafeDatabase } from "@checkstack/backend-api";
import type * as schema from "./schema";

/** The plugin's tables, in plugin_statuspage; inside a request, queries run in its transaction as its principal. */
export type StatuspageDatabase = SafeDatabase<typeof schema>;
