import { createServiceRef } from "@checkstack/backend-api";
import { definePluginApi, definePluginMetadata } from "@checkstack/common";
import { SETTINGS_PLUGIN_ID } from "./access";
import { settingsContract } from "./contract";

export const pluginMetadata = definePluginMetadata({
  pluginId: SETTINGS_PLUGIN_ID,
  displayName: "Settings",
  description: "Platform-wide settings: the public URL links in alerts and the setup link point at",
});

export const SettingsApi = definePluginApi({ pluginId: pluginMetadata.pluginId, contract: settingsContract });

/** The public URL for other backends (links in alerts): declare `publicUrl: publicUrlServiceRef` in deps. */
export interface PublicUrlService {
  /** The effective public URL, without a trailing slash (the setting, else the environment's default). */
  current(): Promise<string>;
}

export const publicUrlServiceRef = createServiceRef<PublicUrlService>("settings.publicUrl");

export * from "./access";
export * from "./contract";
export * from "./public-url";
