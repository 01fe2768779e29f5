import { accessPair, type AccessRule } from "@checkstack/common";

export const healthcheckAccess = {
  check: accessPair(
    "check",
    { read: { description: "See health checks and their results", isDefault: true }, manage: { description: "Create, change and delete health checks" } },
    { idParam: "checkId" },
  ),
  /** Current status and availability of systems: what a public status page shows. */
  statusRead: { id: "status.read", description: "See system status and availability", isDefault: true, isPublic: true },
} as const;

export const healthcheckAccessRules: AccessRule[] = [
  healthcheckAccess.check.read,
  healthcheckAccess.check.manage,
  healthcheckAccess.statusRead,
];
