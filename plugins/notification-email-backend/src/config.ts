import { smtpServerSchema } from "@checkstack/notification-kit";
import { z } from "zod";

/** The SMTP server (shared with the status pages' subscriber mail) and this channel's recipients. */
export const emailConfigSchema = smtpServerSchema.extend({
  to: z
    .array(z.email("every recipient in to must be an e-mail address"))
    .min(1, "to needs at least one recipient")
    .max(50, "to may list at most 50 recipients")
    .describe("The recipients' addresses."),
});

export type EmailConfig = z.output<typeof emailConfigSchema>;
