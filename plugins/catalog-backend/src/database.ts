import type { SafeDatabase } from "@checkstack/backend-api";
import type * as schema from "./schema";

/** The catalog's tables, in plugin_catalog; inside a request, queries run in its transaction as its principal. */
export type CatalogDatabase = SafeDatabase<typeof schema>;
