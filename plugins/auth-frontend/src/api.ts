import { createContractApi } from "@checkstack/frontend-api";
import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" };
import type { authContract } from "@checkstack/auth-common/contract";

/** Every call of the administration pages goes through this client: a renamed procedure changes here only. */
export const authApi = createContractApi<typeof authContract>("auth", contractOperations("@checkstack/auth-common/contract", "authContract"));

export const rules = {
  userRead: "auth.user.read",
  userManage: "auth.user.manage",
  roleRead: "auth.role.read",
  roleManage: "auth.role.manage",
  teamRead: "auth.team.read",
  teamManage: "auth.team.manage",
  applicationRead: "auth.application.read",
  applicationManage: "auth.application.manage",
  auditRead: "auth.audit.read",
} as const;
