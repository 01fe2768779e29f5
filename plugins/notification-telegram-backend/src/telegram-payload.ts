import type { NotificationMessage } from "@checkstack/backend-api";
import { escapeHtml, headline, toneOf, truncate, type Tone } from "@checkstack/notification-kit";
import type { TelegramConfig } from "./config";

const MARKER: Record<Tone, string> = { critical: "🔴", warning: "🟠", good: "🟢", info: "🔵", neutral: "⚪" };

/** Telegram allows 4096 characters after entity parsing; the raw text is cut before escaping so no tag is split. */
const TEXT_BUDGET = 3500;

/** A sendMessage body in parse_mode HTML: bold headline, the escaped text, a link; no link preview. */
export function telegramPayload(message: NotificationMessage, config: TelegramConfig) {
  const lines = [`${MARKER[toneOf(message)]} <b>${escapeHtml(truncate(headline(message), 256))}</b>`, "", escapeHtml(truncate(message.text, TEXT_BUDGET))];
  if (message.url) lines.push("", `<a href="${escapeHtml(message.url)}">Open in Checkstack</a>`);
  return {
    chat_id: config.chatId,
    ...(config.topicId !== undefined ? { message_thread_id: config.topicId } : {}),
    text: lines.join("\n"),
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
  };
}
