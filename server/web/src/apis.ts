import { createContractApi } from "@checkstack/frontend-api";
import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" };
import type { authContract } from "@checkstack/auth-common/contract";
import type { pluginAdminContract } from "../../src/plugin-management/contract";

/** The shell's own calls: the session (auth plugin) and the platform's plugin administration. Renames land here. */
export const authApi = createContractApi<typeof authContract>("auth", contractOperations("@checkstack/auth-common/contract", "authContract"));
export const pluginsApi = createContractApi<typeof pluginAdminContract>(
  "plugins",
  // Relative to the macro's own file (server/sdk/frontend-api/src): the platform's contract is no package export.
  contractOperations("../../../src/plugin-management/contract", "pluginAdminContract"),
);
