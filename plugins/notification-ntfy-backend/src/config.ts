import { secret } from "@checkstack/backend-api";
import { apiBaseUrl } from "@checkstack/notification-kit";
import { z } from "zod";

export const ntfyConfigSchema = z.object({
  serverUrl: apiBaseUrl("serverUrl", "https://ntfy.sh", "The ntfy server, for a self-hosted one."),
  topic: z
    .string()
    .trim()
    .regex(/^[-_A-Za-z0-9]{1,64}$/, "topic must be 1..64 letters, digits, - or _")
    .describe("The topic to publish to; on a public server anyone who knows it can read it, so pick one that is hard to guess."),
  token: secret(z.string().trim().min(1, "token cannot be empty; leave it out for a public topic").describe("An access token (tk_…) for a protected topic; stored encrypted.")).optional(),
});

export type NtfyConfig = z.output<typeof ntfyConfigSchema>;
