import { definePluginApi, definePluginMetadata } from "@checkstack/common";
import { authContract } from "./contract";

export const pluginMetadata = definePluginMetadata({
  pluginId: "auth",
  displayName: "Authentication",
  description: "Sign-in, users, roles, teams, API keys and the audit log",
});

export const AuthApi = definePluginApi({ pluginId: pluginMetadata.pluginId, contract: authContract });

/** The session cookie's name; HTTP clients other than browsers may need it. */
export const SESSION_COOKIE_NAME = "checkstack_session";

export * from "./access";
export * from "./contract";
export * from "./schemas";
