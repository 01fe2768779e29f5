import { defineNotificationChannel, deliveryFromError, deliveryFromResponse, outboundFetch } from "@checkstack/backend-api";
import { webhookConfigSchema } from "./config";
import { webhookHeaders } from "@checkstack/notification-kit";

/**
 * POSTs the message as JSON, signed per Standard Webhooks: webhook-id is the message id (stable
 * across retries and instances, so receivers drop duplicates), webhook-timestamp the send time.
 */
export const webhookChannel = defineNotificationChannel({
  id: "webhook",
  displayName: "Webhook",
  description: "POSTs a signed JSON message (Standard Webhooks) to a URL of yours",
  configSchema: webhookConfigSchema,
  send: async (message, config, { signal }) => {
    const body = JSON.stringify({
      type: `alert.${message.kind}`,
      id: message.id,
      alertKey: message.alertKey,
      kind: message.kind,
      severity: message.severity,
      title: message.title,
      text: message.text,
      systems: message.systems,
      occurredAt: message.occurredAt,
      ...(message.url ? { url: message.url } : {}),
    });
    try {
      const response = await outboundFetch({
        url: config.url,
        method: "POST",
        headers: {
          ...config.headers,
          "content-type": "application/json",
          ...webhookHeaders(config.secret, message.id, body),
        },
        body,
        signal,
      });
      return deliveryFromResponse(response);
    } catch (error) {
      return deliveryFromError(error);
    }
  },
});
