import { describe, expect, test } from "bun:test";
import { isBackendPlugin, notificationChannelExtensionPoint, type NotificationChannelKind } from "@checkstack/backend-api";
import { captureRegistration } from "@checkstack/test-utils";
import { BUNDLED_PLUGINS_DIR } from "../server/src/platform";
import { discoverPlugins } from "../server/src/plugin-runtime/plugin-discovery";
import { useInProcessPlatform } from "./support/in-process-platform";

/** The channel kinds of issue 16 item 2 shipped as their own packages (webhook comes with the notification plugin). */
const KINDS: Record<string, string> = {
  "notification-discord": "discord",
  "notification-email": "email",
  "notification-google-chat": "google-chat",
  "notification-gotify": "gotify",
  "notification-mattermost": "mattermost",
  "notification-ntfy": "ntfy",
  "notification-pagerduty": "pagerduty",
  "notification-pushover": "pushover",
  "notification-slack": "slack",
  "notification-teams": "teams",
  "notification-telegram": "telegram",
};

const running = useInProcessPlatform();

describe("notification channel kinds", () => {
  test("the platform discovers every channel kind package in plugins/ and loads it at boot", () => {
    const status = running.platform.runtime.status();
    for (const pluginId of Object.keys(KINDS)) {
      expect(status.find((entry) => entry.pluginId === pluginId)).toMatchObject({ pluginId, state: "ready", source: "bundled" });
    }
  });

  test("each package registers exactly its kind at notificationChannelExtensionPoint, as the runtime records it", async () => {
    // The extension point's owner (the notification plugin) reads these; until it is merged, the platform's
    // own registration (the one the runtime ran at boot above) shows what each package registers.
    const packages = discoverPlugins({ bundledDir: BUNDLED_PLUGINS_DIR }).filter((found) => /^@checkstack\/notification-.+-backend$/.test(found.packageName));
    const registered: Record<string, string> = {};
    for (const found of packages) {
      const plugin: unknown = (await import(found.entry)).default;
      if (!isBackendPlugin(plugin)) throw new Error(`${found.packageName} does not export a backend plugin`);
      const { extensions, inits } = captureRegistration(plugin);
      if (!(plugin.pluginId in KINDS)) continue; // the notification plugin itself, once merged, owns the point
      expect(extensions).toHaveLength(1);
      expect(extensions[0]?.ref).toBe(notificationChannelExtensionPoint);
      const kind = extensions[0]?.impl as NotificationChannelKind;
      expect(typeof kind.send).toBe("function");
      expect(kind.displayName.length).toBeGreaterThan(0);
      expect(inits).toHaveLength(1);
      registered[plugin.pluginId] = kind.id;
    }
    expect(registered).toEqual(KINDS);
  });
});
