import type { NotificationMessage } from "@checkstack/backend-api";
import { escapeSlackText, headline, kindLabel, toneHex, toneOf, truncate } from "@checkstack/notification-kit";

/** Slack's documented limits: a section's text, a header's text and a button's label. */
const SECTION_TEXT_MAX = 3000;
const HEADER_TEXT_MAX = 150;

/**
 * An incoming-webhook payload: `text` is the fallback Slack shows in notifications and to clients that
 * cannot render blocks; the Block Kit blocks sit in one attachment so the message carries the
 * severity's colour bar.
 */
export function slackPayload(message: NotificationMessage) {
  const title = headline(message);
  const blocks: Array<Record<string, unknown>> = [
    { type: "header", text: { type: "plain_text", text: truncate(title, HEADER_TEXT_MAX), emoji: true } },
    { type: "section", text: { type: "mrkdwn", text: truncate(escapeSlackText(message.text), SECTION_TEXT_MAX) } },
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: escapeSlackText(`${kindLabel(message.kind)} · ${message.severity} · ${message.occurredAt}`) }],
    },
  ];
  if (message.url) {
    blocks.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in Checkstack" }, url: message.url }] });
  }
  return {
    text: escapeSlackText(title),
    attachments: [{ color: toneHex(toneOf(message)), fallback: title, blocks }],
  };
}
