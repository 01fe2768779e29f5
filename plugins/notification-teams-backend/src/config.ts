import { secretWebhookUrl } from "@checkstack/notification-kit";
import { z } from "zod";

export const teamsConfigSchema = z.object({
  workflowUrl: secretWebhookUrl(
    "workflowUrl",
    "The HTTP trigger URL of a Teams Workflow (\"Post to a channel when a webhook request is received\"); its sig parameter is the credential, so it is stored encrypted. Old Office 365 connector URLs are retired and do not work.",
  ),
});

export type TeamsConfig = z.output<typeof teamsConfigSchema>;
