import { escapeHtml } from "@checkstack/notification-kit";
import { noticeWords, type Notice } from "./notices";

export interface NoticeLinks {
  page: string;
  /** The confirmation link, for a confirmation mail only. */
  confirm: string | null;
  /** One click (then a button) ends the subscription; also the List-Unsubscribe URL. */
  unsubscribe: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  messageId: string;
}

/** Message-IDs from the notice id and the subscriber, so a resent attempt can be recognised as the same mail. */
const messageIdOf = (notice: Notice, subscriberId: string, from: string) =>
  `<${notice.id.replace(/[^A-Za-z0-9._-]/g, "_")}.${subscriberId}@${from.split("@")[1] ?? "checkstack.invalid"}>`;

/**
 * A notice as one subscriber's mail: plain text and simple HTML, each with the unsubscribe link, and the
 * RFC 8058 headers that let mail clients unsubscribe with one click (a POST to the same URL).
 */
export function renderMail(notice: Notice, links: NoticeLinks, subscriberId: string, from: string): RenderedMail {
  const { subject, lines } = noticeWords(notice);
  const action = links.confirm ? [`Confirm the subscription: ${links.confirm}`] : [`Current status: ${links.page}`];
  const text = [...lines, "", ...action, "", `Unsubscribe: ${links.unsubscribe}`, ""].join("\n");
  const button = links.confirm
    ? `<p><a href="${escapeHtml(links.confirm)}">Confirm the subscription</a></p>`
    : `<p><a href="${escapeHtml(links.page)}">See the current status</a></p>`;
  const html = [
    `<div style="font-family: sans-serif; max-width: 640px">`,
    `<h2 style="margin: 0 0 12px">${escapeHtml(subject)}</h2>`,
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    button,
    `<p style="color: #5F6368; font-size: 12px"><a href="${escapeHtml(links.unsubscribe)}">Unsubscribe</a> from ${escapeHtml(notice.page.title)} updates.</p>`,
    `</div>`,
  ].join("\n");
  return {
    subject,
    text,
    html,
    headers: { "List-Unsubscribe": `<${links.unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    messageId: messageIdOf(notice, subscriberId, from),
  };
}

/** The JSON a webhook subscriber receives (the Standard Webhooks envelope: type, timestamp, data). */
export function webhookBody(notice: Notice, pageUrl: string): string {
  const { type, id, occurredAt, ...data } = notice;
  return JSON.stringify({ type, timestamp: occurredAt, data: { id, ...data, pageUrl } });
}
