import { createContractApi } from "@checkstack/frontend-api";
import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" };
import type { healthcheckContract } from "@checkstack/healthcheck-common/contract";
import type { catalogContract } from "@checkstack/catalog-common/contract";

/** Every call these pages make goes through these clients: a renamed procedure changes here only. */
export const healthcheckApi = createContractApi<typeof healthcheckContract>(
  "healthcheck",
  contractOperations("@checkstack/healthcheck-common/contract", "healthcheckContract"),
);
export const catalogApi = createContractApi<typeof catalogContract>("catalog", contractOperations("@checkstack/catalog-common/contract", "catalogContract"));

export const rules = {
  statusRead: "healthcheck.status.read",
  checkRead: "healthcheck.check.read",
  checkManage: "healthcheck.check.manage",
  systemRead: "catalog.system.read",
  groupRead: "catalog.group.read",
} as const;

export type HealthStatus = "healthy" | "degraded" | "unhealthy" | "unknown";
