import type { ConfigService } from "@checkstack/backend-api";
import { alertingSettings, type AlertingSettings } from "./settings";

/** How long a read of the alerting settings is reused: a changed setting applies within this. */
export const SETTINGS_TTL_MS = 5_000;

/**
 * The alerting settings, read at most once per SETTINGS_TTL_MS per instance. Every status change and
 * every delivery needs them (flapping limits, the public URL); reading the config row each time cost
 * a database round trip on the hot path for values that change a few times a year.
 */
export function cachedSettings(config: ConfigService, ttlMs = SETTINGS_TTL_MS): () => Promise<AlertingSettings> {
  let cached: { value: AlertingSettings; until: number } | undefined;
  let reading: Promise<AlertingSettings> | undefined;
  return async () => {
    if (cached && cached.until > Date.now()) return cached.value;
    reading ??= (async () => {
      try {
        const value = (await config.get(alertingSettings)) ?? alertingSettings.schema.parse({});
        cached = { value, until: Date.now() + ttlMs };
        return value;
      } finally {
        reading = undefined;
      }
    })();
    return reading;
  };
}
