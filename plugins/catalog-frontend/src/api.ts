import { createContractApi } from "@checkstack/frontend-api";
import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" };
import type { catalogContract } from "@checkstack/catalog-common/contract";
import type { authContract } from "@checkstack/auth-common/contract";

/** Every call this plugin's pages make goes through these two clients: a renamed procedure changes here only. */
export const catalogApi = createContractApi<typeof catalogContract>("catalog", contractOperations("@checkstack/catalog-common/contract", "catalogContract"));
/** Teams, to pick a system's owner team. */
export const authApi = createContractApi<typeof authContract>("auth", contractOperations("@checkstack/auth-common/contract", "authContract"));

export const rules = {
  systemRead: "catalog.system.read",
  systemManage: "catalog.system.manage",
  groupRead: "catalog.group.read",
  groupManage: "catalog.group.manage",
  teamRead: "auth.team.read",
} as const;
