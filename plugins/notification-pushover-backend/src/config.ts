import { secret } from "@checkstack/backend-api";
import { apiBaseUrl } from "@checkstack/notification-kit";
import { z } from "zod";

const pushoverKey = (field: string, description: string) =>
  secret(z.string().trim().regex(/^[A-Za-z0-9]{30}$/, `${field} must be the 30-character key Pushover shows`).describe(description));

export const pushoverConfigSchema = z.object({
  appToken: pushoverKey("appToken", "The API token of your Pushover application; stored encrypted."),
  userKey: pushoverKey("userKey", "The user or group key to notify; stored encrypted."),
  device: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,25}(,[A-Za-z0-9_-]{1,25})*$/, "device must be device names separated by commas")
    .optional()
    .describe("Only these devices (names separated by commas) instead of all of the user's devices."),
  sound: z.string().trim().regex(/^[a-z0-9_-]{1,64}$/i, "sound must be the name of a Pushover sound").optional().describe("A Pushover sound name to use instead of the user's default."),
  emergency: z
    .boolean()
    .default(false)
    .describe("Send unhealthy alerts at emergency priority (2): Pushover repeats them every 5 minutes for an hour until someone acknowledges in the app. Default off (high priority)."),
  apiBaseUrl: apiBaseUrl("apiBaseUrl", "https://api.pushover.net", "The Pushover API host."),
});

export type PushoverConfig = z.output<typeof pushoverConfigSchema>;
