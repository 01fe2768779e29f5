import type { NotificationMessage } from "@checkstack/backend-api";
import { escapeHtml, headline, kindLabel, plainBody, systemLine, toneHex, toneOf } from "@checkstack/notification-kit";

/** The mail's subject and its two bodies: plain text (what every client shows) and a simple HTML version. */
export function emailContent(message: NotificationMessage): { subject: string; text: string; html: string } {
  const subject = headline(message);
  const footer = `${kindLabel(message.kind)} · ${message.severity} · ${message.occurredAt}`;
  const systems = message.systems.map((system) => `<li>${escapeHtml(systemLine(system))}</li>`).join("");
  const html = [
    `<div style="font-family: sans-serif; max-width: 640px">`,
    `<h2 style="margin: 0 0 12px; padding-left: 8px; border-left: 6px solid ${toneHex(toneOf(message))}">${escapeHtml(subject)}</h2>`,
    `<p style="white-space: pre-wrap">${escapeHtml(message.text)}</p>`,
    systems ? `<ul>${systems}</ul>` : "",
    message.url ? `<p><a href="${escapeHtml(message.url)}">Open in Checkstack</a></p>` : "",
    `<p style="color: #5F6368; font-size: 12px">${escapeHtml(footer)}</p>`,
    `</div>`,
  ].join("");
  return { subject, text: `${plainBody(message)}\n\n-- \n${footer}\n`, html };
}

/**
 * Message-ID from the message's stable id (a retry after an unrecorded success carries the same one, so
 * a receiver can drop the duplicate) and References from the alert's key (clients thread an alert's mails).
 */
export function emailIdentity(message: NotificationMessage, from: string): { messageId: string; references: string } {
  const domain = from.split("@")[1] ?? "checkstack.invalid";
  const clean = (value: string) => value.replace(/[^A-Za-z0-9._-]/g, "_");
  return { messageId: `<${clean(message.id)}@${domain}>`, references: `<alert.${clean(message.alertKey)}@${domain}>` };
}
