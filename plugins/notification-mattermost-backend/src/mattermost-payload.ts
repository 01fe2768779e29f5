import type { NotificationMessage } from "@checkstack/backend-api";
import { headline, kindLabel, toneHex, toneOf, truncate } from "@checkstack/notification-kit";
import type { MattermostConfig } from "./config";

/** Mattermost cuts posts above 16,383 characters. */
const TEXT_MAX = 16_000;

/** An incoming-webhook body: a one-line text for notifications, and a message attachment coloured by severity. */
export function mattermostPayload(message: NotificationMessage, config: MattermostConfig) {
  const title = headline(message);
  return {
    text: title,
    ...(config.channel ? { channel: config.channel } : {}),
    ...(config.username ? { username: config.username } : {}),
    ...(config.iconUrl ? { icon_url: config.iconUrl } : {}),
    attachments: [
      {
        fallback: title,
        color: toneHex(toneOf(message)),
        title: message.title,
        ...(message.url ? { title_link: message.url } : {}),
        text: truncate(message.text, TEXT_MAX),
        fields: [
          { short: true, title: "State", value: kindLabel(message.kind) },
          { short: true, title: "Severity", value: message.severity },
          ...message.systems.map((system) => ({ short: true, title: system.name, value: system.reason ? `${system.status}: ${system.reason}` : system.status })),
        ],
        footer: `Checkstack · ${message.occurredAt}`,
      },
    ],
  };
}
