import type { NotificationMessage } from "@checkstack/backend-api";
import { escapeHtml, headline, kindLabel, toneHex, toneOf, truncate } from "@checkstack/notification-kit";

/** Google Chat's limit for a message's text parts. */
const TEXT_MAX = 4000;

/** Text widgets take a small HTML subset (<b>, <font color>, <br>): the message's own text is escaped first. */
function paragraph(text: string): string {
  return escapeHtml(text).replace(/\n/g, "<br>");
}

/**
 * A cardsV2 message threaded by the alert: every message of one alert episode carries the same
 * thread.threadKey, so firing, reminders and the recovery stay in one thread of the space.
 */
export function googleChatPayload(message: NotificationMessage) {
  const widgets: Array<Record<string, unknown>> = [
    { textParagraph: { text: `<font color="${toneHex(toneOf(message))}"><b>${escapeHtml(kindLabel(message.kind))}</b></font> · ${escapeHtml(message.severity)}` } },
    { textParagraph: { text: truncate(paragraph(message.text), TEXT_MAX) } },
    ...message.systems.map((system) => ({ decoratedText: { topLabel: system.name, text: escapeHtml(system.reason ? `${system.status}: ${system.reason}` : system.status), wrapText: true } })),
  ];
  if (message.url) widgets.push({ buttonList: { buttons: [{ text: "Open in Checkstack", onClick: { openLink: { url: message.url } } }] } });
  return {
    fallbackText: headline(message),
    cardsV2: [{ cardId: `checkstack-${message.id}`, card: { header: { title: truncate(headline(message), 200), subtitle: message.occurredAt }, sections: [{ widgets }] } }],
    thread: { threadKey: message.alertKey },
  };
}

/** The webhook URL with the reply option that makes Chat honour the thread key (without it the key is ignored). */
export function threadedUrl(webhookUrl: string): string {
  const url = new URL(webhookUrl);
  url.searchParams.set("messageReplyOption", "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
  return url.toString();
}
