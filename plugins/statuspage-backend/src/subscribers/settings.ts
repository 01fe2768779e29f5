import { defineConfig, type ConfigService } from "@checkstack/backend-api";
import { SubscriberSettingsSchema, type SubscriberSettings } from "@checkstack/statuspage-common";

/** Cluster-wide subscriber settings (coreServices.config): SMTP server, public address, sign-up limits. */
export const subscriberSettings = defineConfig({ key: "subscribers", version: 1, schema: SubscriberSettingsSchema });

/** The settings, or null while an admin has not set them (e-mail sign-ups are refused then). */
export async function readSubscriberSettings(config: ConfigService): Promise<SubscriberSettings | null> {
  return (await config.get(subscriberSettings)) ?? null;
}
