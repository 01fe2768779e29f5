import { secret } from "@checkstack/backend-api";
import { apiBaseUrl } from "@checkstack/notification-kit";
import { z } from "zod";

export const pagerdutyConfigSchema = z.object({
  routingKey: secret(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{32}$/, "routingKey must be the 32-character integration key of an Events API v2 integration")
      .describe("The integration key (routing key) of the service's Events API v2 integration; stored encrypted."),
  ),
  source: z
    .string()
    .trim()
    .min(1, "source cannot be empty")
    .max(255, "source may be at most 255 characters")
    .default("checkstack")
    .describe("Shown as the alert's source in PagerDuty (e.g. this Checkstack's host name). Default checkstack."),
  apiBaseUrl: apiBaseUrl("apiBaseUrl", "https://events.pagerduty.com", "The Events API host; https://events.eu.pagerduty.com for an EU account."),
});

export type PagerdutyConfig = z.output<typeof pagerdutyConfigSchema>;
