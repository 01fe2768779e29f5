import { createContractApi } from "@checkstack/frontend-api";
import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" };
import type { settingsContract } from "@checkstack/settings-common/contract";
import type { authContract } from "@checkstack/auth-common/contract";
import type { healthcheckContract } from "@checkstack/healthcheck-common/contract";

/**
 * The settings screen gathers platform-wide settings that live in three
 * plugins: the public URL (settings), self-registration (auth) and run
 * retention (healthcheck). Every call goes through these clients.
 */
export const settingsApi = createContractApi<typeof settingsContract>("settings", contractOperations("@checkstack/settings-common/contract", "settingsContract"));
export const authApi = createContractApi<typeof authContract>("auth", contractOperations("@checkstack/auth-common/contract", "authContract"));
export const healthcheckApi = createContractApi<typeof healthcheckContract>(
  "healthcheck",
  contractOperations("@checkstack/healthcheck-common/contract", "healthcheckContract"),
);

export const rules = {
  settingsRead: "settings.general.read",
  settingsManage: "settings.general.manage",
  userManage: "auth.user.manage",
  checkRead: "healthcheck.check.read",
  checkManage: "healthcheck.check.manage",
} as const;
