import type { SafeDatabase } from "@checkstack/backend-api";
import type * as schema from "./schema";

export type AuthDatabase = SafeDatabase<typeof schema>;
