import { defineNotificationChannel } from "@checkstack/backend-api";
import { deliverJson } from "@checkstack/notification-kit";
import { teamsConfigSchema } from "./config";
import { teamsPayload } from "./adaptive-card";

/** Power Automate's errors: { error: { code, message } }. */
const errorFromBody = (body: unknown) => {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return typeof error?.code === "string" ? `${error.code}${typeof error.message === "string" ? `: ${error.message}` : ""}` : undefined;
};

export const teamsChannel = defineNotificationChannel({
  id: "teams",
  displayName: "Microsoft Teams",
  description: "Posts an Adaptive Card to a Teams channel or chat through a Workflows webhook trigger.",
  configSchema: teamsConfigSchema,
  send: (message, config, { signal }) =>
    deliverJson({ url: config.workflowUrl, json: teamsPayload(message), signal, secrets: [config.workflowUrl], errorFromBody }),
});
