import type { AccessRule } from "@checkstack/common";

/** Ping URLs are credentials of a job: seeing whether one exists is harmless, minting one is not. */
export const heartbeatAccess = {
  read: { id: "heartbeat.read", description: "See when heartbeat checks last received a ping", isDefault: true },
  manage: { id: "heartbeat.manage", description: "Create and replace the ping URLs of heartbeat checks" },
} as const satisfies Record<string, AccessRule>;

export const heartbeatAccessRules: AccessRule[] = Object.values(heartbeatAccess);
