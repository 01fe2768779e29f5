import { createHook } from "@checkstack/backend-api";

/** What every system hook carries: enough to look the system up, and its name for logs and messages. */
export interface SystemHookPayload {
  systemId: string;
  name: string;
}

/**
 * Emitted by the catalog after the change is written, inside the request's
 * transaction: subscribers hear of a change only if it committed. Defined here,
 * not in the backend, so other backends can subscribe without importing it.
 */
export const catalogHooks = {
  systemCreated: createHook<SystemHookPayload>("catalog.systemCreated"),
  systemUpdated: createHook<SystemHookPayload>("catalog.systemUpdated"),
  systemDeleted: createHook<SystemHookPayload>("catalog.systemDeleted"),
} as const;
