import { createContractApi } from "@checkstack/frontend-api";
import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" };
import type { authContract } from "@checkstack/auth-common/contract";
import type { pluginAdminContract } from "@checkstack/common/plugin-admin-contract";

/** The shell's own calls: the session (auth plugin) and the platform's plugin administration. Renames land here. */
export const authApi = createContractApi<typeof authContract>("auth", contractOperations("@checkstack/auth-common/contract", "authContract"));
export const pluginsApi = createContractApi<typeof pluginAdminContract>("plugins", contractOperations("@checkstack/common/plugin-admin-contract", "pluginAdminContract"));
