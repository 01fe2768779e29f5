import type { SafeDatabase } from "@checkstack/backend-api";
import type * as schema from "./schema";

/** The plugin's tables in plugin_notification; inside a request, job or hook delivery, queries join its transaction. */
export type NotificationDatabase = SafeDatabase<typeof schema>;
