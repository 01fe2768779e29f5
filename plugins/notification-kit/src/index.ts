/**
 * What the notification channel kinds share (one copy, not one per package): the headline and text of a
 * message, the colour of a severity, config fields for webhook URLs and API base URLs, and the guarded
 * JSON delivery that turns a provider's answer into a NotificationDelivery with its secrets masked.
 */
export { escapeHtml, escapeSlackText, headline, kindLabel, plainBody, systemLine, truncate } from "./message-text";
export { toneHex, toneInt, toneOf, type Tone } from "./severity-style";
export { apiBaseUrl, httpUrl, joinUrl, secretWebhookUrl } from "./config-fields";
export { deliverJson, parseJsonBody, secondsToMs, type HttpDeliveryRequest } from "./http-delivery";
export { redactDelivery, redactText } from "./redact";
export { channelKindPlugin } from "./channel-plugin";
export { newWebhookSecret, signWebhook, webhookHeaders, webhookKey } from "./webhook-signature";
export { smtpServerSchema, type SmtpServerConfig } from "./smtp-server-config";
