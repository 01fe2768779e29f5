import type { NotificationMessage } from "@checkstack/backend-api";
import { headline, kindLabel, toneOf, type Tone } from "@checkstack/notification-kit";

/** Adaptive Cards name colours by role, not by value: the host's theme picks the shade. */
const CONTAINER_STYLE: Record<Tone, string> = { critical: "attention", warning: "warning", good: "good", info: "accent", neutral: "emphasis" };
const TEXT_COLOR: Record<Tone, string> = { critical: "attention", warning: "warning", good: "good", info: "accent", neutral: "default" };

/** The card: a coloured header band, the text, the systems as facts, when and why, and a link. Version 1.4 is what Teams renders. */
export function adaptiveCard(message: NotificationMessage) {
  const tone = toneOf(message);
  return {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    msteams: { width: "Full" },
    body: [
      {
        type: "Container",
        style: CONTAINER_STYLE[tone],
        bleed: true,
        items: [{ type: "TextBlock", text: headline(message), weight: "Bolder", size: "Medium", color: TEXT_COLOR[tone], wrap: true }],
      },
      { type: "TextBlock", text: message.text, wrap: true },
      ...(message.systems.length > 0
        ? [{ type: "FactSet", facts: message.systems.map((system) => ({ title: system.name, value: system.reason ? `${system.status}: ${system.reason}` : system.status })) }]
        : []),
      { type: "TextBlock", text: `${kindLabel(message.kind)} · ${message.severity} · ${message.occurredAt}`, isSubtle: true, size: "Small", wrap: true },
    ],
    ...(message.url ? { actions: [{ type: "Action.OpenUrl", title: "Open in Checkstack", url: message.url }] } : {}),
  };
}

/** The envelope the Workflows webhook trigger expects: a message whose one attachment is the Adaptive Card. */
export function teamsPayload(message: NotificationMessage) {
  return {
    type: "message",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: adaptiveCard(message) }],
  };
}
