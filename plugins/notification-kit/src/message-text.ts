import type { NotificationMessage, NotificationMessageKind, NotificationSystem } from "@checkstack/backend-api";

const KIND_LABELS: Record<NotificationMessageKind, string> = {
  firing: "Firing",
  escalated: "Escalated",
  reminder: "Reminder",
  acknowledged: "Acknowledged",
  recovered: "Recovered",
  test: "Test",
  incident: "Incident",
  maintenance: "Maintenance",
};

/** "Firing", "Recovered", ...: why the message is sent, as readers see it. */
export function kindLabel(kind: NotificationMessageKind): string {
  return KIND_LABELS[kind];
}

/** The one-line headline every channel shows first: "[Firing] 3 systems unhealthy: api, web, worker". */
export function headline(message: NotificationMessage): string {
  return `[${kindLabel(message.kind)}] ${message.title}`;
}

/** "api: unhealthy (HTTP check: 503 from /health)". */
export function systemLine(system: NotificationSystem): string {
  return `${system.name}: ${system.status}${system.reason ? ` (${system.reason})` : ""}`;
}

/** The message as plain text: the rendered text, then the link when there is one. */
export function plainBody(message: NotificationMessage): string {
  return message.url ? `${message.text}\n\n${message.url}` : message.text;
}

/**
 * Cuts text to a provider's limit (counted in UTF-16 units, as JavaScript and most providers' docs do),
 * ending with an ellipsis so a reader sees it was cut.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** For providers that read HTML (Telegram's parse_mode HTML, e-mail bodies): the three characters that matter, and quotes for attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Slack's mrkdwn and Mattermost-style control characters: &, < and > are the only ones Slack asks to escape. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
