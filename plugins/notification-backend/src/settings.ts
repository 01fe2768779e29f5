import { defineConfig } from "@checkstack/backend-api";
import { z } from "zod";

/** Cluster-wide alerting settings (coreServices.config). */
export const alertingSettings = defineConfig({
  key: "alerting",
  version: 1,
  schema: z.object({
    /** The web application's address; messages link to the system when set. */
    publicUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Delivery attempts and finished messages are kept this long. */
    deliveryLogDays: z.number().int().min(1).max(3650).default(30),
    /** Resolved alerts (with their timelines) are kept this long. */
    alertDays: z.number().int().min(1).max(3650).default(180),
    /** More than this many status changes of a system within flapWindowMinutes hold its notifications. */
    flapChanges: z.number().int().min(2).max(100).default(6),
    flapWindowMinutes: z.number().int().min(1).max(1440).default(10),
  }),
});

export type AlertingSettings = z.output<typeof alertingSettings.schema>;
